// A large programme written straight into the database after the demo seed: groups and places
// up to the wanted numbers, thousands of upcoming events with texts in several languages, and
// sign-ups whose seat counters agree with them (`npm run cli -- check` passes). A few
// set-based statements (generate_series), so even the full set takes seconds.
import type pg from 'pg';

export interface DataSize {
  events: number;
  /** Events that ended within the past year: a hub's history, which the queries must skip. */
  pastEvents: number;
  signups: number;
  groups: number;
  places: number;
  /** The events are spread over this many days from now. */
  days: number;
  /** Events the spread sign-up run takes turns on. */
  spreadEvents: number;
  hotCapacity: number;
}

export const FULL: DataSize = {
  events: 5_000,
  pastEvents: 5_000,
  signups: 20_000,
  groups: 50,
  places: 20,
  days: 180,
  spreadEvents: 1_000,
  hotCapacity: 1_000,
};
export const QUICK: DataSize = {
  events: 300,
  pastEvents: 300,
  signups: 1_000,
  groups: 50,
  places: 20,
  days: 60,
  spreadEvents: 100,
  hotCapacity: 200,
};

export interface DataSet {
  hubId: string;
  /** Every event of the hub (demo and generated) and every sign-up, after generation. */
  events: number;
  upcomingEvents: number;
  signups: number;
  groups: number;
  places: number;
  hotEventId: string;
  spreadEventIds: string[];
  /** A typical generated event with sign-ups, for the event page. */
  eventSlug: string;
  placeSlug: string;
  seconds: number;
}

// Real phrases, so that pages carry the scripts and lengths they carry in use.
const PHRASES = {
  fi: {
    titles: [
      'Kielikahvila',
      'Kokkikerho',
      'Lasten satutunti',
      'Ompelupiiri',
      'Tietokoneapu',
      'Lautapeli-ilta',
      'Jalkapallo nuorille',
      'Työnhakupaja',
    ],
    summary: 'Tervetuloa mukaan! Maksuton ja avoin kaikille, ei tarvitse osata suomea.',
    more: 'Ota ystäväsi mukaan. Tarjolla kahvia ja teetä. Tila on esteetön, ja ohjaajat auttavat tarvittaessa.',
  },
  sv: {
    titles: [
      'Språkcafé',
      'Matlagningsklubb',
      'Sagostund för barn',
      'Sycirkel',
      'Datorhjälp',
      'Brädspelskväll',
      'Fotboll för unga',
      'Jobbsökarverkstad',
    ],
    summary: 'Välkommen! Gratis och öppet för alla, du behöver inte kunna finska.',
    more: 'Ta med en vän. Vi bjuder på kaffe och te. Lokalen är tillgänglig och ledarna hjälper vid behov.',
  },
  en: {
    titles: [
      'Language café',
      'Cooking club',
      'Story time for children',
      'Sewing circle',
      'Computer help',
      'Board game night',
      'Football for young people',
      'Job search workshop',
    ],
    summary: 'Welcome! Free and open to everyone; no Finnish needed.',
    more: 'Bring a friend. Coffee and tea are served. The space is accessible and the leaders help when needed.',
  },
  ar: {
    titles: [
      'مقهى اللغة',
      'نادي الطبخ',
      'ساعة الحكايات للأطفال',
      'حلقة الخياطة',
      'مساعدة في الحاسوب',
      'أمسية الألعاب اللوحية',
      'كرة القدم للشباب',
      'ورشة البحث عن عمل',
    ],
    summary: 'أهلاً بكم! مجاني ومفتوح للجميع، ولا حاجة لمعرفة اللغة الفنلندية.',
    more: 'أحضر صديقاً معك. نقدم القهوة والشاي. المكان مناسب لذوي الإعاقة والمرشدون يساعدون عند الحاجة.',
  },
  so: {
    titles: [
      'Kafeega luqadda',
      'Naadiga cunto karinta',
      'Sheekooyinka carruurta',
      'Kooxda tolidda',
      'Caawimaad kombiyuutar',
      'Habeenka ciyaaraha',
      'Kubadda cagta dhalinyarada',
      'Aqoon-isweydaarsi shaqo raadin',
    ],
    summary: 'Soo dhawoow! Waa bilaash oo qof walba wuu u furan yahay; looma baahna af-finishka.',
    more: 'Keen saaxiibkaa. Waxaa la bixiyaa bun iyo shaah. Goobta waa la gaari karaa, hagayaashuna way caawiyaan.',
  },
  ru: {
    titles: [
      'Языковое кафе',
      'Кулинарный клуб',
      'Сказки для детей',
      'Кружок шитья',
      'Помощь с компьютером',
      'Вечер настольных игр',
      'Футбол для молодёжи',
      'Мастерская по поиску работы',
    ],
    summary: 'Добро пожаловать! Бесплатно и открыто для всех, знать финский не нужно.',
    more: 'Приходите с другом. Будут кофе и чай. Помещение доступно, ведущие помогут, если нужно.',
  },
  uk: {
    titles: [
      'Мовне кафе',
      'Кулінарний клуб',
      'Казки для дітей',
      'Гурток шиття',
      'Допомога з комп’ютером',
      'Вечір настільних ігор',
      'Футбол для молоді',
      'Майстерня з пошуку роботи',
    ],
    summary: 'Ласкаво просимо! Безкоштовно й відкрито для всіх, знати фінську не потрібно.',
    more: 'Приходьте з другом. Буде кава й чай. Приміщення доступне, ведучі допоможуть, якщо треба.',
  },
  fa: {
    titles: [
      'کافه زبان',
      'باشگاه آشپزی',
      'ساعت قصه برای کودکان',
      'حلقه خیاطی',
      'کمک کامپیوتری',
      'شب بازی‌های رومیزی',
      'فوتبال برای جوانان',
      'کارگاه کاریابی',
    ],
    summary: 'خوش آمدید! رایگان و برای همه آزاد است و دانستن زبان فنلاندی لازم نیست.',
    more: 'دوستتان را هم بیاورید. قهوه و چای داریم. مکان برای همه قابل دسترس است و راهنماها کمک می‌کنند.',
  },
};

const NAMES = [
  'Aino Virtanen',
  'Ahmed Ali',
  'فاطمة حسن',
  'Olena Kovalenko',
  'Hodan Warsame',
  'Дмитрий Иванов',
  'زهرا احمدی',
  'Erik Lindqvist',
];
const LANGS = Object.keys(PHRASES);

// The languages an event's texts come in, by its number i: Finnish and English always.
const LANGS_OF = `(ARRAY['fi','en']
  || CASE WHEN s.i % 2 = 0 THEN ARRAY['sv'] ELSE ARRAY[]::text[] END
  || CASE WHEN s.i % 3 = 0 THEN ARRAY['ar'] ELSE ARRAY[]::text[] END
  || CASE WHEN s.i % 4 = 1 THEN ARRAY['so'] ELSE ARRAY[]::text[] END
  || CASE WHEN s.i % 3 = 1 THEN ARRAY['ru','uk'] ELSE ARRAY[]::text[] END
  || CASE WHEN s.i % 5 = 2 THEN ARRAY['fa'] ELSE ARRAY[]::text[] END)`;

export async function generate(client: pg.Client, size: DataSize): Promise<DataSet> {
  const began = performance.now();
  const phrases = JSON.stringify(PHRASES);
  const {
    rows: [hub],
  } = await client.query<{ id: string }>('SELECT id FROM hubs ORDER BY created_at LIMIT 1');
  if (!hub) throw new Error('the database has no hub: the demo seed did not run');
  const hubId = hub.id;
  await client.query('BEGIN');

  await client.query(
    `INSERT INTO places (hub_id, slug, name, street_address, postal_code, city, latitude, longitude, accessibility, directions)
     SELECT $1, 'bench-place-' || s.i,
       jsonb_build_object('fi', 'Kokoustila ' || s.i, 'en', 'Meeting room ' || s.i, 'ar', 'قاعة الاجتماعات ' || s.i),
       'Esimerkkikatu ' || s.i, '00' || (100 + s.i * 10), 'Helsinki', 60.15 + s.i * 0.003, 24.9 + s.i * 0.004,
       jsonb_build_object('fi', 'Esteetön sisäänkäynti, hissi.', 'en', 'Step-free entrance, lift.'),
       jsonb_build_object('fi', 'Raitiovaunu 7, pysäkki aivan edessä.', 'en', 'Tram 7, the stop is right outside.')
     FROM generate_series(1, greatest(0, $2::int - (SELECT count(*) FROM places WHERE hub_id = $1)::int)) AS s(i)`,
    [hubId, size.places],
  );
  await client.query(
    `INSERT INTO groups (hub_id, slug, name, summary, description, category_id, place_id)
     SELECT $1, 'bench-group-' || s.i,
       jsonb_build_object('fi', ($3::jsonb #>> ARRAY['fi','titles',(s.i % 8)::text]) || ' ' || s.i,
                          'en', ($3::jsonb #>> ARRAY['en','titles',(s.i % 8)::text]) || ' ' || s.i,
                          'ar', ($3::jsonb #>> ARRAY['ar','titles',(s.i % 8)::text]) || ' ' || s.i),
       jsonb_build_object('fi', $3::jsonb #>> '{fi,summary}', 'en', $3::jsonb #>> '{en,summary}', 'ar', $3::jsonb #>> '{ar,summary}'),
       jsonb_build_object('fi', $3::jsonb #>> '{fi,more}', 'en', $3::jsonb #>> '{en,more}', 'ar', $3::jsonb #>> '{ar,more}'),
       c.ids[1 + s.i % cardinality(c.ids)], p.ids[1 + s.i % cardinality(p.ids)]
     FROM generate_series(1, greatest(0, $2::int - (SELECT count(*) FROM groups WHERE hub_id = $1)::int)) AS s(i)
     CROSS JOIN (SELECT array_agg(id ORDER BY position) AS ids FROM categories WHERE hub_id = $1) c
     CROSS JOIN (SELECT array_agg(id ORDER BY slug) AS ids FROM places WHERE hub_id = $1) p`,
    [hubId, size.groups, phrases],
  );

  // Event i: every fifth outside any group, most at a place, three in five with sign-up (half
  // of those with a waiting list), spread evenly over the coming days in quarter hours; and as
  // many over the past year, ended.
  for (const [prefix, count, days, direction] of [
    ['bench-', size.events, size.days, 1],
    ['bench-past-', size.pastEvents, 365, -1],
  ] as const) {
    await client.query(
      `INSERT INTO events (hub_id, group_id, category_id, place_id, slug, title, summary, description, search_text,
                         starts_at, ends_at, mode, capacity, waitlist, spoken_languages, audiences, cost_cents, interpreter)
     SELECT $1,
       CASE WHEN s.i % 5 <> 0 THEN g.ids[1 + s.i % cardinality(g.ids)] END,
       c.ids[1 + s.i % cardinality(c.ids)],
       CASE WHEN s.i % 9 <> 0 THEN p.ids[1 + (s.i * 7) % cardinality(p.ids)] END,
       $5::text || s.i, t.title, t.summary, t.description,
       lower(concat_ws(E'\\n', (SELECT string_agg(v, E'\\n') FROM jsonb_each_text(t.title) AS x(k, v)),
                               (SELECT string_agg(v, E'\\n') FROM jsonb_each_text(t.summary) AS x(k, v)),
                               (SELECT string_agg(v, E'\\n') FROM jsonb_each_text(t.description) AS x(k, v)))),
       w.starts, w.starts + (60 + (s.i % 4) * 30) * interval '1 minute',
       CASE WHEN s.i % 5 < 3 THEN 'signup' ELSE 'dropin' END,
       CASE WHEN s.i % 5 < 3 THEN 10 + s.i % 31 END,
       s.i % 5 < 3 AND s.i % 2 = 0,
       l.langs, CASE s.i % 6 WHEN 0 THEN ARRAY['families'] WHEN 1 THEN ARRAY['women'] WHEN 2 THEN ARRAY['youth','newcomers'] ELSE ARRAY['everyone'] END,
       CASE WHEN s.i % 10 = 0 THEN 500 END,
       s.i % 7 = 0
     FROM generate_series(1, $2::int) AS s(i)
     CROSS JOIN (SELECT array_agg(id ORDER BY slug) AS ids FROM groups WHERE hub_id = $1) g
     CROSS JOIN (SELECT array_agg(id ORDER BY slug) AS ids FROM places WHERE hub_id = $1) p
     CROSS JOIN (SELECT array_agg(id ORDER BY position) AS ids FROM categories WHERE hub_id = $1) c
     CROSS JOIN LATERAL (SELECT ${LANGS_OF} AS langs) l
     CROSS JOIN LATERAL (
       SELECT jsonb_object_agg(lang, $3::jsonb #>> ARRAY[lang, 'titles', (s.i % 8)::text]) AS title,
              jsonb_object_agg(lang, $3::jsonb #>> ARRAY[lang, 'summary']) AS summary,
              jsonb_object_agg(lang, repeat(($3::jsonb #>> ARRAY[lang, 'summary']) || ' ' || ($3::jsonb #>> ARRAY[lang, 'more']) || E'\\n\\n', 3)) AS description
       FROM unnest(l.langs) AS lang) t
     CROSS JOIN LATERAL (
       SELECT date_trunc('hour', now()) + CASE WHEN $6::int > 0 THEN interval '3 hours' ELSE interval '-1 day' END
              + $6::int * ((((s.i - 1)::bigint * $4::int * 24 * 60 / $2::int) / 15) * 15) * interval '1 minute' AS starts) w`,
      [hubId, count, phrases, days, prefix, direction],
    );
  }

  // The hot event of the sign-up run: a big one a week ahead, with a waiting list once full.
  const {
    rows: [hot],
  } = await client.query<{ id: string }>(
    `INSERT INTO events (hub_id, category_id, place_id, slug, title, summary, search_text, starts_at, ends_at, mode, capacity, waitlist, spoken_languages)
     SELECT $1, (SELECT id FROM categories WHERE hub_id = $1 ORDER BY position LIMIT 1),
       (SELECT id FROM places WHERE hub_id = $1 ORDER BY slug LIMIT 1), 'bench-hot',
       '{"fi":"Kesäjuhla","en":"Summer party","ar":"حفلة الصيف"}', '{"fi":"Kaikki mukaan!","en":"Everyone welcome!"}',
       'kesäjuhla summer party', date_trunc('day', now()) + interval '7 days 15 hours', date_trunc('day', now()) + interval '7 days 19 hours',
       'signup', $2, true, ARRAY['fi','en','ar']
     RETURNING id`,
    [hubId, size.hotCapacity],
  );

  // Sign-ups in turn over the generated sign-up events; never more seats than an event has.
  await client.query(
    `WITH targets AS (
       SELECT id, capacity, (row_number() OVER (ORDER BY starts_at, id) - 1)::int AS k
       FROM events WHERE hub_id = $1 AND slug LIKE 'bench-%' AND slug <> 'bench-hot' AND mode = 'signup' AND starts_at > now()
     ), n AS (SELECT count(*)::int AS c FROM targets)
     INSERT INTO signups (event_id, name, email, adults, seats, status, language, consent_at, confirmed_at)
     SELECT t.id, ($3::text[])[1 + s.j % cardinality($3::text[])], 'person-' || s.j || '@example.org', a.adults, a.adults, 'confirmed',
       ($4::text[])[1 + s.j % cardinality($4::text[])], now(), now()
     FROM generate_series(0, $2::int - 1) AS s(j)
     CROSS JOIN n
     JOIN targets t ON t.k = s.j % n.c
     CROSS JOIN LATERAL (SELECT CASE WHEN t.capacity >= 2 * ceil($2::numeric / n.c) AND s.j % 3 = 0 THEN 2 ELSE 1 END AS adults) a
     WHERE (s.j / n.c) < t.capacity`,
    [hubId, size.signups, NAMES, LANGS],
  );
  await client.query(
    `UPDATE events e SET seats_taken = x.seats
     FROM (SELECT event_id, sum(seats)::int AS seats FROM signups WHERE status = 'confirmed' GROUP BY event_id) x
     WHERE x.event_id = e.id AND e.slug LIKE 'bench-%'`,
  );
  await client.query('COMMIT');
  await client.query('ANALYZE');

  const spread = await client.query<{ id: string }>(
    `SELECT id FROM events WHERE hub_id = $1 AND slug LIKE 'bench-%' AND slug <> 'bench-hot' AND mode = 'signup' AND waitlist
       AND starts_at > now() + interval '1 day' ORDER BY starts_at LIMIT $2`,
    [hubId, size.spreadEvents],
  );
  const {
    rows: [typical],
  } = await client.query<{ slug: string }>(
    `SELECT slug FROM events WHERE hub_id = $1 AND slug LIKE 'bench-%' AND mode = 'signup' AND seats_taken > 0
       AND starts_at > now() + interval '2 days' AND place_id IS NOT NULL AND group_id IS NOT NULL ORDER BY starts_at LIMIT 1`,
    [hubId],
  );
  const {
    rows: [place],
  } = await client.query<{ slug: string }>(
    `SELECT p.slug FROM places p JOIN events e ON e.place_id = p.id WHERE p.hub_id = $1 GROUP BY p.slug ORDER BY count(*) DESC, p.slug LIMIT 1`,
    [hubId],
  );
  const {
    rows: [counts],
  } = await client.query<{ events: number; upcomingEvents: number; signups: number; groups: number; places: number }>(
    `SELECT (SELECT count(*) FROM events WHERE hub_id = $1)::int AS events,
            (SELECT count(*) FROM events WHERE hub_id = $1 AND ends_at > now())::int AS "upcomingEvents", (SELECT count(*) FROM signups)::int AS signups,
            (SELECT count(*) FROM groups WHERE hub_id = $1)::int AS groups, (SELECT count(*) FROM places WHERE hub_id = $1)::int AS places`,
    [hubId],
  );
  if (!typical || !place || !counts) throw new Error('the generated data has no event with sign-ups or no place');
  return {
    hubId,
    ...counts,
    hotEventId: hot!.id,
    spreadEventIds: spread.rows.map((r) => r.id),
    eventSlug: typical.slug,
    placeSlug: place.slug,
    seconds: (performance.now() - began) / 1000,
  };
}
