import type { Translated } from '#db/schema/translated.ts';

export interface DemoGroup {
  slug: string;
  category: string;
  place: string;
  name: Translated;
  summary: Translated;
  description: Translated;
}

export const demoGroups: DemoGroup[] = [
  {
    slug: 'cafe',
    category: 'cafe',
    place: 'kototori',
    name: {
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
      fi: 'Kahvia, teetä ja juttuseuraa arkipäivisin. Tule vain!',
      sv: 'Kaffe, te och sällskap på vardagar. Kom bara!',
      en: 'Coffee, tea and company on weekdays. Just come!',
      ar: 'قهوة وشاي ورفقة طيبة في أيام الأسبوع. تعال فقط!',
      so: 'Kafee, shaah iyo sheeko maalmaha shaqada. Kaalay oo keliya!',
      ru: 'Кофе, чай и общение по будням. Просто приходите!',
      uk: 'Кава, чай і спілкування в будні. Просто приходьте!',
      fa: 'قهوه، چای و هم‌صحبتی در روزهای کاری. فقط بیایید!',
    },
    description: {
      fi: 'Kahvilassa voi harjoitella suomea, tavata naapureita ja kysyä neuvoa yhteisöneuvojilta. Kahvi ja tee ovat ilmaisia.',
      en: 'At the café you can practise Finnish, meet neighbours and ask the community advisors for help. Coffee and tea are free.',
      ar: 'في المقهى يمكنك التدرب على اللغة الفنلندية ولقاء الجيران وطلب المساعدة من المرشدين المجتمعيين. القهوة والشاي مجانيان.',
    },
  },
  {
    slug: 'cooking-together',
    category: 'cooking',
    place: 'kototori',
    name: {
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
      fi: 'Joka viikko eri maan ruokaa. Syömme yhdessä lopuksi.',
      en: 'Food from a different country every week. We eat together at the end.',
      ar: 'كل أسبوع طعام من بلد مختلف. نأكل معاً في النهاية.',
      ru: 'Каждую неделю блюда другой страны. В конце едим вместе.',
    },
    description: {
      fi: 'Vuorotellen joku ryhmästä opettaa oman kotimaansa ruoan. Aineet kustantaa Kototori.',
      en: 'In turn, someone in the group teaches a dish from their home country. Kototori pays for the ingredients.',
    },
  },
  {
    slug: 'advice-arabic',
    category: 'advice',
    place: 'kototori',
    name: { fi: 'Neuvonta arabiaksi', en: 'Advice in Arabic', ar: 'استشارات باللغة العربية', sv: 'Rådgivning på arabiska' },
    summary: {
      fi: 'Apua Kela-, työvoima- ja asuntoasioissa arabiaksi.',
      en: 'Help with Kela, employment and housing matters in Arabic.',
      ar: 'مساعدة في أمور كيلا والعمل والسكن باللغة العربية.',
    },
    description: {},
  },
  {
    slug: 'advice-somali',
    category: 'advice',
    place: 'kototori',
    name: { fi: 'Neuvonta somaliksi', en: 'Advice in Somali', so: 'Talo-bixin af-Soomaali ah' },
    summary: {
      fi: 'Apua arjen asioissa somaliksi.',
      en: 'Help with everyday matters in Somali.',
      so: 'Caawimaad arrimaha nolol maalmeedka oo af-Soomaali ah.',
    },
    description: {},
  },
  {
    slug: 'advice-russian',
    category: 'advice',
    place: 'kototori',
    name: { fi: 'Neuvonta venäjäksi', en: 'Advice in Russian', ru: 'Консультации на русском языке', uk: 'Консультації російською мовою' },
    summary: {
      fi: 'Apua arjen asioissa venäjäksi.',
      en: 'Help with everyday matters in Russian.',
      ru: 'Помощь в повседневных делах на русском языке.',
    },
    description: {},
  },
  {
    slug: 'family-morning',
    category: 'cafe',
    place: 'kototori',
    name: { fi: 'Perheaamu', en: 'Family morning', ar: 'صباح العائلة', so: 'Subaxa qoyska', fa: 'صبح خانواده' },
    summary: {
      fi: 'Leikkiä lapsille, kahvia aikuisille.',
      en: 'Play for the children, coffee for the grown-ups.',
      ar: 'لعب للأطفال وقهوة للكبار.',
    },
    description: {},
  },
  {
    slug: 'womens-swimming',
    category: 'sports',
    place: 'sports-hall',
    name: {
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
    description: {},
  },
];
