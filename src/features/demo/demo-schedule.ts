import { TZDate } from '@date-fns/tz';
import type { Translated } from '#db/schema/translated.ts';
import { addDays, isoWeekday } from '#features/events/hub-days.ts';
import type { NewEvent } from '#features/events/mutations.ts';
import type { eventQuestions } from '#db/schema/questions.ts';

type NewQuestion = Omit<typeof eventQuestions.$inferInsert, 'eventId' | 'id'>;
/** A demo event with the questions its sign-up form asks. */
export type DemoEvent = NewEvent & { questions?: NewQuestion[] };

const dietQuestion: NewQuestion = {
  position: 0,
  kind: 'choice',
  required: false,
  label: {
    fi: 'Ruokavalio',
    en: 'Diet',
    sv: 'Specialkost',
    ar: 'النظام الغذائي',
    so: 'Cuntada',
    ru: 'Питание',
    uk: 'Харчування',
    fa: 'رژیم غذایی',
  },
  options: [
    { id: 'any', label: { fi: 'Syön kaikkea', en: 'I eat anything', ar: 'آكل كل شيء', ru: 'Ем всё' } },
    { id: 'vegetarian', label: { fi: 'Kasvisruoka', en: 'Vegetarian', ar: 'نباتي', ru: 'Вегетарианское' } },
    { id: 'halal', label: { fi: 'Halal', en: 'Halal', ar: 'حلال', ru: 'Халяль' } },
  ],
};

type Ids = { hubId: string; category: Record<string, string>; place: Record<string, string>; group: Record<string, string> };
type Texts = Pick<NewEvent, 'title' | 'summary' | 'description' | 'whatToBring' | 'costNote'>;

/** A session's fixed parts: everything but its date and slug. */
interface Session extends Texts, Omit<NewEvent, 'hubId' | 'categoryId' | 'placeId' | 'groupId' | 'slug' | 'startsAt' | 'endsAt' | 'title'> {
  questions?: NewQuestion[];
  category: string;
  place: string;
  group?: string;
  start: [number, number];
  end: [number, number];
  title: Translated;
}

function at(day: string, [h, m]: [number, number], timeZone: string): Date {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, mo - 1, d, h, m, 0, timeZone).getTime());
}

function build(ids: Ids, day: string, slug: string, s: Session, timeZone: string): DemoEvent {
  const { category, place, group, start, end, ...rest } = s;
  return {
    ...rest,
    hubId: ids.hubId,
    categoryId: ids.category[category]!,
    placeId: ids.place[place]!,
    groupId: group ? ids.group[group]! : null,
    slug,
    startsAt: at(day, start, timeZone),
    endsAt: at(day, end, timeZone),
  };
}

const weekly: { weekday: number; session: Session }[] = [
  ...[0, 1, 2, 3, 4].map((weekday) => ({
    weekday,
    session: {
      category: 'cafe',
      place: 'kototori',
      group: 'cafe',
      mode: 'dropin' as const,
      start: [10, 0] as [number, number],
      end: [13, 0] as [number, number],
      spokenLanguages: ['fi', 'en', 'ar', 'so', 'ru'],
      audiences: ['everyone'],
      title: {
        fi: 'Kototorin kahvila',
        sv: 'Kototoris kafé',
        en: 'Kototori café',
        ar: 'مقهى كوتوتوري',
        so: 'Kafeega Kototori',
        ru: 'Кафе Кототори',
        uk: 'Кафе Кототорі',
        fa: 'کافه کوتوتوری',
      },
      summary: {
        fi: 'Kahvia, teetä ja juttuseuraa. Tule vain!',
        en: 'Coffee, tea and company. Just come!',
        ar: 'قهوة وشاي ورفقة طيبة. تعال فقط!',
        so: 'Kafee, shaah iyo sheeko. Kaalay oo keliya!',
        ru: 'Кофе, чай и общение. Просто приходите!',
        uk: 'Кава, чай і спілкування. Просто приходьте!',
        fa: 'قهوه، چای و هم‌صحبتی. فقط بیایید!',
        sv: 'Kaffe, te och sällskap. Kom bara!',
      },
    },
  })),
  {
    weekday: 1,
    session: {
      category: 'advice',
      place: 'kototori',
      group: 'advice-arabic',
      mode: 'dropin',
      start: [13, 0],
      end: [15, 0],
      spokenLanguages: ['ar', 'fi'],
      audiences: ['everyone', 'newcomers'],
      title: { fi: 'Neuvonta arabiaksi', en: 'Advice hours in Arabic', ar: 'ساعات استشارة باللغة العربية', sv: 'Rådgivning på arabiska' },
      summary: {
        fi: 'Yhteisöneuvoja auttaa Kela-, työvoima- ja asuntoasioissa.',
        en: 'A community advisor helps with Kela, employment and housing matters.',
        ar: 'مرشد مجتمعي يساعدك في أمور كيلا والعمل والسكن.',
      },
      whatToBring: {
        fi: 'Ota mukaan asiaan liittyvät kirjeet ja henkilöllisyystodistus.',
        en: 'Bring the letters about your matter and an ID.',
        ar: 'أحضر الرسائل المتعلقة بموضوعك وبطاقة هوية.',
      },
    },
  },
  {
    weekday: 1,
    session: {
      category: 'cafe',
      place: 'kototori',
      group: 'family-morning',
      mode: 'dropin',
      start: [9, 0],
      end: [10, 0],
      spokenLanguages: ['fi', 'ar', 'so'],
      audiences: ['families'],
      title: { fi: 'Perheaamu', en: 'Family morning', ar: 'صباح العائلة', so: 'Subaxa qoyska', fa: 'صبح خانواده' },
      summary: {
        fi: 'Leikkiä lapsille, kahvia aikuisille.',
        en: 'Play for the children, coffee for the grown-ups.',
        ar: 'لعب للأطفال وقهوة للكبار.',
      },
    },
  },
  {
    weekday: 2,
    session: {
      category: 'advice',
      place: 'kototori',
      group: 'advice-somali',
      mode: 'dropin',
      start: [13, 0],
      end: [15, 0],
      spokenLanguages: ['so', 'fi'],
      audiences: ['everyone', 'newcomers'],
      title: { fi: 'Neuvonta somaliksi', en: 'Advice hours in Somali', so: 'Saacadaha talo-bixinta af-Soomaali' },
      summary: {
        fi: 'Apua arjen asioissa somaliksi.',
        en: 'Help with everyday matters in Somali.',
        so: 'Caawimaad arrimaha nolol maalmeedka oo af-Soomaali ah.',
      },
    },
  },
  {
    weekday: 2,
    session: {
      category: 'cooking',
      place: 'kototori',
      group: 'cooking-together',
      mode: 'signup',
      start: [17, 0],
      end: [19, 30],
      capacity: 12,
      waitlist: true,
      maxPartySize: 3,
      spokenLanguages: ['fi', 'en', 'ar'],
      audiences: ['everyone'],
      questions: [dietQuestion],
      title: {
        fi: 'Kokataan yhdessä',
        sv: 'Vi lagar mat tillsammans',
        en: 'Cooking together',
        ar: 'نطبخ معاً',
        so: 'Aan wada karinno',
        ru: 'Готовим вместе',
        uk: 'Готуємо разом',
        fa: 'با هم آشپزی کنیم',
      },
      summary: {
        fi: 'Tällä kertaa teemme syyrialaista mezeä.',
        en: 'This time we make Syrian mezze.',
        ar: 'هذه المرة نحضّر المازة السورية.',
        ru: 'На этот раз готовим сирийские мезе.',
      },
      whatToBring: { fi: 'Esiliina ja rasia tähteille.', en: 'An apron and a box for leftovers.', ar: 'مريلة وعلبة لبقايا الطعام.' },
    },
  },
  {
    weekday: 3,
    session: {
      category: 'advice',
      place: 'kototori',
      group: 'advice-russian',
      mode: 'dropin',
      start: [13, 0],
      end: [15, 0],
      spokenLanguages: ['ru', 'uk', 'fi'],
      audiences: ['everyone'],
      title: {
        fi: 'Neuvonta venäjäksi',
        en: 'Advice hours in Russian',
        ru: 'Консультации на русском языке',
        uk: 'Консультації російською мовою',
      },
      summary: {
        fi: 'Apua arjen asioissa venäjäksi.',
        en: 'Help with everyday matters in Russian.',
        ru: 'Помощь в повседневных делах на русском языке.',
      },
    },
  },
  {
    weekday: 4,
    session: {
      category: 'sports',
      place: 'sports-hall',
      group: 'womens-swimming',
      mode: 'signup',
      start: [18, 0],
      end: [19, 30],
      capacity: 15,
      waitlist: false,
      spokenLanguages: ['fi', 'ar', 'so'],
      audiences: ['women'],
      title: {
        fi: 'Naisten liikuntavuoro',
        en: "Women's exercise hour",
        ar: 'ساعة رياضة للنساء',
        so: 'Saacadda jimicsiga haweenka',
        fa: 'ساعت ورزش بانوان',
      },
      summary: {
        fi: 'Liikuntaa vain naisille, ohjaajana nainen.',
        en: 'Exercise for women only, with a female instructor.',
        ar: 'رياضة للنساء فقط مع مدربة.',
      },
      whatToBring: { fi: 'Sisäliikuntakengät ja vesipullo.', en: 'Indoor shoes and a water bottle.' },
    },
  },
];

const oneOff: { weekOffset: number; weekday: number; slug: string; session: Session }[] = [
  {
    weekOffset: 0,
    weekday: 5,
    slug: 'excursion-nuuksio',
    session: {
      category: 'excursion',
      place: 'itakeskus-metro',
      mode: 'signup',
      start: [9, 0],
      end: [16, 0],
      capacity: 25,
      waitlist: true,
      costCents: 500,
      maxPartySize: 6,
      freeChildAge: 3,
      questions: [
        dietQuestion,
        {
          position: 1,
          kind: 'yesno',
          required: true,
          label: {
            fi: 'Pystytkö kävelemään 4 km?',
            en: 'Can you walk 4 km?',
            ar: 'هل تستطيع المشي 4 كم؟',
            so: 'Ma socon kartaa 4 km?',
            ru: 'Можете пройти 4 км?',
          },
        },
      ],
      spokenLanguages: ['fi', 'en', 'ar'],
      audiences: ['everyone', 'families'],
      title: {
        fi: 'Retki Nuuksion kansallispuistoon',
        en: 'Trip to Nuuksio National Park',
        ar: 'رحلة إلى منتزه نوكسيو الوطني',
        sv: 'Utflykt till Noux nationalpark',
        ru: 'Поездка в национальный парк Нууксио',
      },
      summary: {
        fi: 'Kävelemme helpon 4 km reitin ja paistamme makkaraa nuotiolla.',
        en: 'We walk an easy 4 km trail and grill sausages on a campfire.',
        ar: 'نمشي في مسار سهل طوله 4 كم ونشوي النقانق على النار.',
      },
      description: {
        fi: 'Bussimatkat sisältyvät hintaan. Reitti sopii myös lapsille.',
        en: 'The bus trips are included in the price. The trail suits children too.',
      },
      whatToBring: {
        fi: 'Säänmukaiset vaatteet, hyvät kengät ja eväät.',
        en: 'Clothes for the weather, good shoes and a packed lunch.',
        ar: 'ملابس مناسبة للطقس وأحذية مريحة وطعام.',
      },
      costNote: { fi: 'Maksetaan käteisellä tai MobilePaylla paikan päällä.', en: 'Paid in cash or with MobilePay on the spot.' },
    },
  },
  {
    weekOffset: 0,
    weekday: 3,
    slug: 'training-working-life',
    session: {
      category: 'training',
      place: 'kototori',
      mode: 'signup',
      start: [18, 0],
      end: [20, 0],
      capacity: 30,
      waitlist: true,
      interpreter: true,
      spokenLanguages: ['fi', 'ar', 'fa'],
      audiences: ['everyone', 'newcomers'],
      title: {
        fi: 'Koulutusilta: suomalainen työelämä',
        en: 'Training evening: working life in Finland',
        ar: 'أمسية تدريبية: الحياة العملية في فنلندا',
        fa: 'شب آموزشی: زندگی کاری در فنلاند',
      },
      summary: {
        fi: 'Työsopimus, palkka ja verokortti selkokielellä.',
        en: 'Employment contracts, pay and the tax card in plain language.',
        ar: 'عقد العمل والراتب وبطاقة الضريبة بلغة بسيطة.',
        fa: 'قرارداد کار، حقوق و کارت مالیاتی به زبان ساده.',
      },
      description: {
        fi: 'Puhujana työvoimapalveluiden neuvoja. Arabian- ja persiankielinen tulkki paikalla.',
        en: 'The speaker is an advisor from the employment services. Arabic and Persian interpreters are present.',
      },
    },
  },
  {
    weekOffset: 0,
    weekday: 0,
    slug: 'outreach-kotikallio',
    session: {
      category: 'outreach',
      place: 'kotikallio-club-room',
      mode: 'dropin',
      start: [17, 0],
      end: [19, 0],
      spokenLanguages: ['fi', 'ar', 'so', 'ru'],
      audiences: ['everyone'],
      title: {
        fi: 'Asukasilta As Oy Kotikalliossa',
        en: "Residents' evening at Kotikallio housing company",
        so: 'Habeenka degganayaasha Kotikallio',
      },
      summary: {
        fi: 'Kototorin väki tulee kerhohuoneelle kertomaan toiminnasta ja kuulemaan toiveitanne.',
        en: 'The Kototori team visits the club room to tell about our activities and hear your wishes.',
      },
    },
  },
  {
    weekOffset: 1,
    weekday: 5,
    slug: 'neighbourhood-festival',
    session: {
      category: 'festival',
      place: 'kototori',
      mode: 'dropin',
      start: [12, 0],
      end: [16, 0],
      spokenLanguages: ['fi', 'sv', 'en', 'ar', 'so', 'ru', 'uk', 'fa'],
      audiences: ['everyone', 'families'],
      title: {
        fi: 'Naapuruston juhla',
        sv: 'Grannskapsfest',
        en: 'Neighbourhood festival',
        ar: 'مهرجان الحي',
        so: 'Xafladda xaafadda',
        ru: 'Праздник района',
        uk: 'Свято району',
        fa: 'جشن محله',
      },
      summary: {
        fi: 'Musiikkia, ruokaa eri maista ja leikkejä lapsille.',
        en: 'Music, food from many countries and games for children.',
        ar: 'موسيقى وطعام من بلدان مختلفة وألعاب للأطفال.',
        so: 'Muusig, cunto dalal kala duwan iyo ciyaaro carruurta.',
      },
    },
  },
];

/** Two weeks back and six ahead of the week that holds `today`, so the demo stays alive a while. */
export function demoEvents(ids: Ids, today: string, timeZone: string): DemoEvent[] {
  const weekday = isoWeekday(today) - 1; // Monday = 0
  const monday = addDays(today, -weekday);
  const rows: DemoEvent[] = [];
  for (let week = -2; week < 6; week++) {
    for (const { weekday: wd, session } of weekly) {
      const day = addDays(monday, week * 7 + wd);
      // One session is called off, as happens: the programme shows it cancelled, not gone.
      const cancelled = week === 2 && session.group === 'womens-swimming';
      rows.push({
        ...build(ids, day, `${session.group}-${day}`, session, timeZone),
        ...(cancelled ? { status: 'cancelled' as const, sequence: 1 } : {}),
      });
    }
  }
  // One-off events fall on the next such weekday after today, so the demo never opens on them past.
  for (const { weekOffset, weekday: wd, slug, session } of oneOff) {
    const next = addDays(today, ((wd - weekday + 6) % 7) + 1);
    rows.push(build(ids, addDays(next, weekOffset * 7), slug, session, timeZone));
  }
  return rows;
}
