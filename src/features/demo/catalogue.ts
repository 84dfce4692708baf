import type { Translated } from '#db/schema/translated.ts';
import type { TopicIcon } from '#lib/pictograms.ts';

// The categories every hub starts with (PRODUCT.md), named in all eight UI languages.
export const startingCategories: { slug: string; icon: TopicIcon; name: Translated }[] = [
  {
    slug: 'cafe',
    icon: 'cup',
    name: { fi: 'Kahvila', sv: 'Kafé', en: 'Café', ar: 'مقهى', so: 'Kafee', ru: 'Кафе', uk: 'Кафе', fa: 'کافه' },
  },
  {
    slug: 'cooking',
    icon: 'pot',
    name: { fi: 'Ruoanlaitto', sv: 'Matlagning', en: 'Cooking', ar: 'طبخ', so: 'Karinta', ru: 'Кулинария', uk: 'Кулінарія', fa: 'آشپزی' },
  },
  {
    slug: 'excursion',
    icon: 'mountain',
    name: { fi: 'Retket', sv: 'Utflykter', en: 'Excursions', ar: 'رحلات', so: 'Dalxiis', ru: 'Экскурсии', uk: 'Екскурсії', fa: 'گردش' },
  },
  {
    slug: 'training',
    icon: 'book',
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
    icon: 'chat',
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
    icon: 'star',
    name: { fi: 'Juhlat', sv: 'Fester', en: 'Festivals', ar: 'احتفالات', so: 'Xaflado', ru: 'Праздники', uk: 'Свята', fa: 'جشن‌ها' },
  },
  {
    slug: 'outreach',
    icon: 'megaphone',
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
    icon: 'ball',
    name: { fi: 'Liikunta', sv: 'Motion', en: 'Sports', ar: 'رياضة', so: 'Ciyaaraha', ru: 'Спорт', uk: 'Спорт', fa: 'ورزش' },
  },
];
