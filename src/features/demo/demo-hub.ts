import type { hubs } from '#db/schema/hubs.ts';

// The demo hub's own page (/{lang}/about): what a coordinator would write.
export const demoHubPage = {
  pageSourceLang: 'fi',
  about: {
    fi: 'Kototori on naapuruston olohuone Itäkeskuksessa. Täällä voi juoda kahvia, harjoitella suomea, kokata yhdessä ja kysyä neuvoa. Kaikki ovat tervetulleita, käynti on maksuton.',
    sv: 'Kototori är grannskapets vardagsrum i Östra centrum. Här kan du dricka kaffe, öva finska, laga mat tillsammans och få råd. Alla är välkomna och det är gratis.',
    en: 'Kototori is the neighbourhood’s living room in Itäkeskus. Have a coffee, practise Finnish, cook together and ask for advice. Everyone is welcome, and it is free.',
    ar: 'كوتوتوري هو غرفة المعيشة للحي في إيتاكيسكوس. يمكنك هنا شرب القهوة وتدرّب اللغة الفنلندية والطبخ معًا وطلب النصيحة. الجميع مرحّب بهم، والدخول مجاني.',
    so: 'Kototori waa qolka fadhiga ee xaafadda ee Itäkeskus. Halkan waxaad ku cabbi kartaa kafee, ku tababaran kartaa Af-Finnish, wada karin kartaan, talona waad weydiin kartaa. Qof walba waa soo dhawaysan yahay, waana bilaash.',
    ru: 'Кототори — гостиная нашего района в Итякескус. Здесь можно выпить кофе, практиковать финский, готовить вместе и получить совет. Рады всем, вход бесплатный.',
    uk: 'Кототорі — вітальня нашого району в Ітякескус. Тут можна випити кави, практикувати фінську, готувати разом і отримати пораду. Раді всім, вхід безкоштовний.',
    fa: 'کوتوتوری اتاق نشیمن محله در ایتاکسکوس است. اینجا می‌توانید قهوه بنوشید، فنلاندی تمرین کنید، با هم آشپزی کنید و مشورت بگیرید. همه خوش آمدند و رایگان است.',
  },
  directions: {
    fi: 'Metrolla Itäkeskukseen, sieltä 5 minuuttia kävellen. Bussit 91 ja 560 pysähtyvät oven edessä.',
    en: 'Metro to Itäkeskus, then a 5-minute walk. Buses 91 and 560 stop at the door.',
    sv: 'Metro till Östra centrum, sedan 5 minuter till fots. Bussarna 91 och 560 stannar vid dörren.',
  },
  accessibilityInfo: {
    fi: 'Esteetön sisäänkäynti pihan puolelta. Esteetön WC. Isossa salissa induktiosilmukka.',
    en: 'Step-free entrance from the yard. Accessible toilet. Induction loop in the main hall.',
    sv: 'Tillgänglig ingång från gården. Tillgänglig toalett. Hörslinga i stora salen.',
    ar: 'مدخل بدون درج من جهة الساحة. مرحاض مناسب لذوي الإعاقة. حلقة سمعية في القاعة الكبيرة.',
  },
  aboutSelko:
    'Kototori on talo, jossa ihmiset tapaavat toisiaan.\nVoit tulla tänne juomaan kahvia ja puhumaan.\nTäällä voit myös oppia suomea.\nKaikki saavat tulla. Se ei maksa mitään.\nTalo on osoitteessa Toritie 5.',
  address: 'Toritie 5, 00940 Helsinki',
  phone: '09 123 4567',
  openingHours: {
    '1': { opens: '10:00', closes: '20:00' },
    '2': { opens: '10:00', closes: '20:00' },
    '3': { opens: '10:00', closes: '20:00' },
    '4': { opens: '10:00', closes: '20:00' },
    '5': { opens: '10:00', closes: '18:00' },
    '6': { opens: '11:00', closes: '16:00' },
  },
} satisfies Partial<typeof hubs.$inferInsert>;
