import type { places } from '#db/schema/places.ts';

type NewPlace = Omit<typeof places.$inferInsert, 'hubId'>;

export const demoPlaces: NewPlace[] = [
  {
    slug: 'kototori',
    name: {
      fi: 'Kototori, Toritie 5',
      en: 'Kototori, Toritie 5',
      sv: 'Kototori, Torivägen 5',
      ar: 'كوتوتوري، توريتيه 5',
      ru: 'Кототори, Торитие 5',
    },
    streetAddress: 'Toritie 5',
    postalCode: '00940',
    city: 'Helsinki',
    latitude: 60.2105,
    longitude: 25.0822,
    accessibility: {
      fi: 'Esteetön sisäänkäynti pihan puolelta. Esteetön WC. Isossa salissa induktiosilmukka.',
      en: 'Step-free entrance from the yard. Accessible toilet. Induction loop in the main hall.',
      sv: 'Tillgänglig ingång från gården. Tillgänglig toalett. Hörslinga i stora salen.',
      ar: 'مدخل بدون درج من جهة الساحة. مرحاض مناسب لذوي الإعاقة. حلقة سمعية في القاعة الكبيرة.',
    },
    directions: {
      fi: 'Metro Itäkeskukseen, sieltä 5 minuuttia kävellen. Bussit 91 ja 560 pysähtyvät oven edessä.',
      en: 'Metro to Itäkeskus, then a 5-minute walk. Buses 91 and 560 stop at the door.',
    },
  },
  {
    slug: 'kotikallio-club-room',
    name: { fi: 'As Oy Kotikallion kerhohuone', en: 'Kotikallio housing company club room' },
    streetAddress: 'Kotikallionkuja 3 A',
    postalCode: '00940',
    city: 'Helsinki',
    latitude: 60.2131,
    longitude: 25.0901,
    accessibility: {
      fi: 'Kerhohuone on katutasossa, ovella yksi matala kynnys.',
      en: 'The club room is at street level, with one low threshold at the door.',
    },
    directions: { fi: 'Sisäänkäynti A-rapun vierestä.', en: 'The entrance is next to staircase A.' },
  },
  {
    slug: 'itakeskus-metro',
    name: {
      fi: 'Kokoontuminen: Itäkeskuksen metroasema',
      en: 'Meeting point: Itäkeskus metro station',
      ar: 'نقطة التجمع: محطة مترو إيتاكيسكوس',
    },
    streetAddress: 'Itäkatu 1',
    postalCode: '00930',
    city: 'Helsinki',
    latitude: 60.2104,
    longitude: 25.0776,
    accessibility: { fi: 'Hissit laiturille.', en: 'Lifts to the platform.' },
    directions: { fi: 'Tapaamme lippuautomaattien luona.', en: 'We meet by the ticket machines.' },
  },
  {
    slug: 'sports-hall',
    name: { fi: 'Naapuruston liikuntahalli', en: 'Neighbourhood sports hall' },
    streetAddress: 'Liikuntapolku 2',
    postalCode: '00940',
    city: 'Helsinki',
    latitude: 60.2088,
    longitude: 25.0865,
    accessibility: { fi: 'Esteetön sisäänkäynti ja pukuhuone.', en: 'Step-free entrance and changing room.' },
    directions: {},
  },
];
