import type { Translated } from '#db/schema/translated.ts';

// The categories every hub starts with (PRODUCT.md), named in all eight UI languages.
export const startingCategories: { slug: string; name: Translated }[] = [
  { slug: 'cafe', name: { fi: 'Kahvila', sv: 'Kafé', en: 'Café', ar: 'مقهى', so: 'Kafee', ru: 'Кафе', uk: 'Кафе', fa: 'کافه' } },
  {
    slug: 'cooking',
    name: { fi: 'Ruoanlaitto', sv: 'Matlagning', en: 'Cooking', ar: 'طبخ', so: 'Karinta', ru: 'Кулинария', uk: 'Кулінарія', fa: 'آشپزی' },
  },
  {
    slug: 'excursion',
    name: { fi: 'Retket', sv: 'Utflykter', en: 'Excursions', ar: 'رحلات', so: 'Dalxiis', ru: 'Экскурсии', uk: 'Екскурсії', fa: 'گردش' },
  },
  {
    slug: 'training',
    name: {
      fi: 'Koulutusillat',
      sv: 'Utbildningskvällar',
      en: 'Training evenings',
      ar: 'أمسيات تدريبية',
      so: 'Habeenno tababar',
      ru: 'Обучающие вечера',
      uk: 'Навчальні вечори',
      fa: 'شب‌های آموزشی',
    },
  },
  {
    slug: 'advice',
    name: {
      fi: 'Neuvonta',
      sv: 'Rådgivning',
      en: 'Advice hours',
      ar: 'ساعات الاستشارة',
      so: 'Saacadaha talada',
      ru: 'Консультации',
      uk: 'Консультації',
      fa: 'ساعات مشاوره',
    },
  },
  {
    slug: 'festival',
    name: { fi: 'Juhlat', sv: 'Fester', en: 'Festivals', ar: 'احتفالات', so: 'Xaflado', ru: 'Праздники', uk: 'Свята', fa: 'جشن‌ها' },
  },
  {
    slug: 'outreach',
    name: {
      fi: 'Jalkautuminen',
      sv: 'Uppsökande verksamhet',
      en: 'Outreach',
      ar: 'زيارات ميدانية',
      so: 'Booqashooyin',
      ru: 'Выездные встречи',
      uk: 'Виїзні зустрічі',
      fa: 'دیدارهای محلی',
    },
  },
  {
    slug: 'sports',
    name: { fi: 'Liikunta', sv: 'Motion', en: 'Sports', ar: 'رياضة', so: 'Ciyaaraha', ru: 'Спорт', uk: 'Спорт', fa: 'ورزش' },
  },
];
