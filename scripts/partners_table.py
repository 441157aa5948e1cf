#!/usr/bin/env python3
"""Writes src/lexicon/partners.toml from the table below: a row per country
(ISO 3166-1 alpha-3 code | its names, demonyms and capital | its places:
provinces, regions and cities other than the capital), then the groups.
Edit the table and run `python3 scripts/partners_table.py`."""
# code | country names and demonyms and capital (metonyms for the country) | places (sub-national)
T = r"""
BLR|Belarus;Belarusian;Belarusians;Republic of Belarus;Byelorussia;Belorussia;Belarusian Republic;Minsk|Minsk Region;Minsk region;Minsk Oblast;Minsk oblast;Brest;Brest Region;Brest region;Brest Oblast;Gomel;Homel;Gomel Region;Gomel region;Gomel Oblast;Grodno;Hrodna;Grodno Region;Grodno region;Grodno Oblast;Mogilev;Mahilyow;Mogilev Region;Mogilev region;Mogilev Oblast;Vitebsk;Viciebsk;Vitebsk Region;Vitebsk region;Vitebsk Oblast;Orsha;Bobruisk;Baranovichi;Pinsk;Borisov;Soligorsk;Novopolotsk;Polotsk;Zhlobin;Molodechno;Lida;Mozyr;Rechitsa;Svetlogorsk;Slutsk;Zhodino;Rogachev;Nesvizh;Dzerzhinsk;Smolevichi;Minsk district
CHN|China;Chinese;PRC;People's Republic of China;P.R. China;Beijing;Celestial Empire;Middle Kingdom|Shanghai;Shandong;Guangdong;Jiangsu;Zhejiang;Sichuan;Chongqing;Hebei;Henan;Hubei;Hunan;Fujian;Anhui;Jiangxi;Liaoning;Jilin;Heilongjiang;Shaanxi;Shanxi;Gansu;Qinghai;Yunnan;Guizhou;Hainan;Guangxi;Xinjiang;Inner Mongolia;Ningxia;Tibet;Tianjin;Urumqi;Harbin;Shenzhen;Guangzhou;Wuhan;Chengdu;Xi'an;Hangzhou;Nanjing;Qingdao;Langfang;Xiamen;Dalian;Shenyang;Changchun;Zhengzhou;Jinan;Kunming;Nanning;Lanzhou;Yiwu;Ningbo;Suzhou;Hong Kong;Macau;Macao
UZB|Uzbekistan;Uzbek;Uzbeks;Uzbekistani;Republic of Uzbekistan;Tashkent|Samarkand;Bukhara;Andijan;Fergana;Namangan;Kashkadarya;Surkhandarya;Khorezm;Navoi;Jizzakh;Syrdarya;Karakalpakstan;Nukus;Termez;Urgench;Tashkent region
KAZ|Kazakhstan;Kazakh;Kazakhstani;Kazakhs;Republic of Kazakhstan;Astana;Nur-Sultan|Almaty;Karaganda;Shymkent;Aktobe;Pavlodar;Kostanay;Atyrau;Aktau;Oskemen;Ust-Kamenogorsk;Semey;Taraz;Kyzylorda;Petropavl
RUS|Russia;Russian;Russians;Russian Federation;Moscow|St. Petersburg;Saint Petersburg;St Petersburg;Tatarstan;Bashkortostan;Siberia;Kazan;Novosibirsk;Yekaterinburg;Smolensk;Bryansk;Pskov;Kaliningrad;Vladivostok;Nizhny Novgorod;Samara;Omsk;Chelyabinsk;Krasnoyarsk;Tyumen;Perm;Voronezh;Rostov;Krasnodar;Moscow Region;Moscow region;Leningrad Region;Leningrad region
KGZ|Kyrgyzstan;Kyrgyz;Kyrgyz Republic;Kirghizia;Bishkek|Osh;Chui;Issyk-Kul;Jalal-Abad;Naryn;Talas;Batken
TJK|Tajikistan;Tajik;Tajiks;Republic of Tajikistan;Dushanbe|Khujand;Sughd;Khatlon;Bokhtar;Kulob
TKM|Turkmenistan;Turkmen;Ashgabat|Turkmenbashi;Lebap;Dashoguz
ARM|Armenia;Armenian;Armenians;Yerevan|Gyumri;Vanadzor
AZE|Azerbaijan;Azerbaijani;Azeri;Baku|Ganja;Sumgait;Nakhchivan
GEO|Georgia;Georgian;Tbilisi|Batumi;Kutaisi;Adjara;Poti
MDA|Moldova;Moldovan;Chisinau|Transnistria;Gagauzia;Balti
UKR|Ukraine;Ukrainian;Kyiv;Kiev|Kharkiv;Odesa;Odessa;Lviv;Dnipro;Donetsk
TUR|Turkey;Türkiye;Turkiye;Turkish;Ankara|Istanbul;Izmir;Antalya;Bursa;Mersin;Gaziantep;Konya;Kayseri;Alanya;Adana
IRN|Iran;Iranian;Islamic Republic of Iran;Tehran|Isfahan;Mashhad;Tabriz;Shiraz;Bandar Abbas;Chabahar
PAK|Pakistan;Pakistani;Islamabad|Karachi;Lahore;Punjab;Sindh;Peshawar;Faisalabad;Khyber Pakhtunkhwa;Balochistan
IND|India;Indian;Republic of India;New Delhi|Delhi;Mumbai;Bangalore;Bengaluru;Chennai;Kolkata;Hyderabad;Gujarat;Maharashtra;Tamil Nadu;Karnataka;Kerala;Uttar Pradesh;Ahmedabad;Pune
MNG|Mongolia;Mongolian;Mongolians;Ulaanbaatar;Ulan Bator|Erdenet;Darkhan
VNM|Vietnam;Viet Nam;Vietnamese;Socialist Republic of Vietnam;Hanoi;Ha Noi|Ho Chi Minh City;Hai Phong;Haiphong;Da Nang;Danang;Can Tho;Bac Ninh;Binh Duong;Thai Nguyen;Dong Nai;Bac Giang;Phu Tho;Lai Chau;Dien Bien;Son La;Bac Kan;Ninh Thuan;Cao Bang;Dak Nong;Ha Giang;Quang Binh;Tuyen Quang;Long An;Quang Ninh;Hai Duong;Vinh Phuc;Ba Ria-Vung Tau;Khanh Hoa;Nghe An;Thanh Hoa
IDN|Indonesia;Indonesian;Jakarta|Java;Sumatra;Bali;Surabaya;Kalimantan;Sulawesi;Bandung
THA|Thailand;Thai;Bangkok|Chiang Mai;Phuket;Pattaya
KHM|Cambodia;Cambodian;Phnom Penh|Siem Reap;Sihanoukville
LAO|Laos;Lao;Lao PDR;Vientiane|Luang Prabang
MMR|Myanmar;Burma;Burmese;Naypyidaw|Yangon;Mandalay
MYS|Malaysia;Malaysian;Kuala Lumpur|Penang;Johor;Sabah;Sarawak;Selangor
SGP|Singapore;Singaporean|
PHL|Philippines;Philippine;Filipino;Manila|Cebu;Davao;Mindanao
BRN|Brunei;Bruneian;Bandar Seri Begawan|
TLS|Timor-Leste;East Timor;Timorese;Dili|
JPN|Japan;Japanese;Tokyo|Osaka;Yokohama;Nagoya;Hokkaido;Okinawa
KOR|South Korea;Republic of Korea;Korean;Seoul|Busan;Incheon;Daegu
PRK|North Korea;DPRK;Democratic People's Republic of Korea;Pyongyang|
TWN|Taiwan;Taiwanese;Taipei|Kaohsiung
ARE|United Arab Emirates;UAE;U.A.E.;Emirates;Emirati;Abu Dhabi|Dubai;Sharjah;Ajman;Ras Al Khaimah;Fujairah
SAU|Saudi Arabia;Saudi;Kingdom of Saudi Arabia;KSA;Riyadh|Jeddah;Dammam;Mecca;Medina
QAT|Qatar;Qatari;Doha|
OMN|Oman;Omani;Sultanate of Oman;Muscat|Salalah;Sohar;Duqm
KWT|Kuwait;Kuwaiti;Kuwait City|
BHR|Bahrain;Bahraini;Manama|
IRQ|Iraq;Iraqi;Baghdad|Basra;Erbil;Kurdistan Region
SYR|Syria;Syrian;Damascus|Aleppo;Latakia
LBN|Lebanon;Lebanese;Beirut|
JOR|Jordan;Jordanian;Amman|Aqaba
ISR|Israel;Israeli;Jerusalem|Tel Aviv;Haifa
PSE|Palestine;Palestinian;State of Palestine|Gaza;West Bank
YEM|Yemen;Yemeni;Sanaa|Aden
AFG|Afghanistan;Afghan;Kabul|Kandahar;Herat;Mazar-i-Sharif
BGD|Bangladesh;Bangladeshi;Dhaka|Chittagong;Chattogram;Khulna;Sylhet
LKA|Sri Lanka;Sri Lankan;Colombo|Kandy
NPL|Nepal;Nepalese;Nepali;Kathmandu|
BTN|Bhutan;Bhutanese;Thimphu|
MDV|Maldives;Maldivian|
EGY|Egypt;Egyptian;Cairo|Alexandria;Suez;Port Said;Giza
ETH|Ethiopia;Ethiopian;Addis Ababa|
NGA|Nigeria;Nigerian;Abuja|Lagos;Kano;Port Harcourt;Ibadan
ZAF|South Africa;South African;Republic of South Africa;RSA;Pretoria|Johannesburg;Cape Town;Durban;Gauteng;KwaZulu-Natal;Western Cape
ZWE|Zimbabwe;Zimbabwean;Harare|Bulawayo
KEN|Kenya;Kenyan;Nairobi|Mombasa;Kisumu
DZA|Algeria;Algerian;Algiers|Oran
MAR|Morocco;Moroccan;Rabat|Casablanca;Tangier;Marrakech
TUN|Tunisia;Tunisian;Tunis|Sfax
LBY|Libya;Libyan;Tripoli|Benghazi
SDN|Sudan;Sudanese;Khartoum|Port Sudan
SSD|South Sudan;South Sudanese;Juba|
TZA|Tanzania;Tanzanian;Dodoma|Dar es Salaam;Zanzibar
UGA|Uganda;Ugandan;Kampala|
RWA|Rwanda;Rwandan;Kigali|
BDI|Burundi;Burundian;Gitega|
MOZ|Mozambique;Mozambican;Maputo|
GHA|Ghana;Ghanaian;Accra|Kumasi;Tema
AGO|Angola;Angolan;Luanda|
ZMB|Zambia;Zambian;Lusaka|
MWI|Malawi;Malawian;Lilongwe|
NAM|Namibia;Namibian;Windhoek|
BWA|Botswana;Botswanan;Gaborone|
CMR|Cameroon;Cameroonian;Yaounde|Douala
CIV|Cote d'Ivoire;Côte d'Ivoire;Ivory Coast;Ivorian;Yamoussoukro|Abidjan
SEN|Senegal;Senegalese;Dakar|
MLI|Mali;Malian;Bamako|
BFA|Burkina Faso;Burkinabe;Ouagadougou|
NER|Niger;Nigerien;Niamey|
TCD|Chad;Chadian;N'Djamena|
GIN|Guinea;Guinean;Conakry|
SLE|Sierra Leone;Sierra Leonean;Freetown|
LBR|Liberia;Liberian;Monrovia|
TGO|Togo;Togolese;Lome|
BEN|Benin;Beninese;Porto-Novo|Cotonou
GAB|Gabon;Gabonese;Libreville|
COG|Republic of the Congo;Congo-Brazzaville;Brazzaville|
COD|Democratic Republic of the Congo;DR Congo;DRC;Congolese;Kinshasa|Lubumbashi
MDG|Madagascar;Malagasy;Antananarivo|
MUS|Mauritius;Mauritian;Port Louis|
SOM|Somalia;Somali;Mogadishu|
DJI|Djibouti;Djiboutian|
ERI|Eritrea;Eritrean;Asmara|
MRT|Mauritania;Mauritanian;Nouakchott|
GNQ|Equatorial Guinea;Equatoguinean;Malabo|
CUB|Cuba;Cuban;Havana|
VEN|Venezuela;Venezuelan;Caracas|
BRA|Brazil;Brazilian;Brasilia;Brasília|Sao Paulo;São Paulo;Rio de Janeiro;Minas Gerais;Parana;Santa Catarina
ARG|Argentina;Argentine;Argentinian;Buenos Aires|Cordoba;Rosario;Mendoza
MEX|Mexico;Mexican;Mexico City|Monterrey;Guadalajara
NIC|Nicaragua;Nicaraguan;Managua|
ECU|Ecuador;Ecuadorian;Quito|Guayaquil
CHL|Chile;Chilean;Santiago|Valparaiso
PER|Peru;Peruvian;Lima|
COL|Colombia;Colombian;Bogota;Bogotá|Medellin
BOL|Bolivia;Bolivian;La Paz;Sucre|Santa Cruz
PRY|Paraguay;Paraguayan;Asuncion|
URY|Uruguay;Uruguayan;Montevideo|
PAN|Panama;Panamanian;Panama City|
CRI|Costa Rica;Costa Rican;San Jose|
GTM|Guatemala;Guatemalan;Guatemala City|
DOM|Dominican Republic;Dominican;Santo Domingo|
USA|United States;United States of America;U.S.;U.S.A.;USA;US;America;American;Americans;Washington|California;Texas;New York;Florida;Illinois;Chicago;Los Angeles
CAN|Canada;Canadian;Ottawa|Ontario;Quebec;British Columbia;Alberta;Toronto;Vancouver;Montreal
DEU|Germany;German;Federal Republic of Germany;Berlin|Bavaria;Hamburg;Munich;Frankfurt;Saxony
FRA|France;French;Paris|Marseille;Lyon
ITA|Italy;Italian;Rome|Milan;Lombardy;Venice;Turin
GBR|United Kingdom;UK;U.K.;Great Britain;Britain;British;London|Scotland;Wales;England;Northern Ireland
ESP|Spain;Spanish;Madrid|Barcelona;Catalonia;Valencia
PRT|Portugal;Portuguese;Lisbon|Porto
NLD|Netherlands;the Netherlands;Holland;Dutch;Amsterdam|Rotterdam;The Hague
BEL|Belgium;Belgian;Brussels|Antwerp;Flanders;Wallonia
LUX|Luxembourg;Luxembourgish|
CHE|Switzerland;Swiss;Bern|Zurich;Geneva;Basel
AUT|Austria;Austrian;Vienna|
POL|Poland;Polish;Warsaw|Krakow;Gdansk;Bialystok;Lodz
LTU|Lithuania;Lithuanian;Vilnius|Klaipeda;Kaunas
LVA|Latvia;Latvian;Riga|
EST|Estonia;Estonian;Tallinn|
FIN|Finland;Finnish;Helsinki|
SWE|Sweden;Swedish;Stockholm|Gothenburg
NOR|Norway;Norwegian;Oslo|
DNK|Denmark;Danish;Copenhagen|
ISL|Iceland;Icelandic;Reykjavik|
IRL|Ireland;Irish;Dublin|
CZE|Czech Republic;Czechia;Czech;Prague|Brno
SVK|Slovakia;Slovak;Bratislava|
HUN|Hungary;Hungarian;Budapest|
ROU|Romania;Romanian;Bucharest|
BGR|Bulgaria;Bulgarian|Varna
SRB|Serbia;Serbian;Belgrade|Novi Sad
HRV|Croatia;Croatian;Zagreb|
SVN|Slovenia;Slovenian;Ljubljana|
BIH|Bosnia and Herzegovina;Bosnia;Bosnian;Sarajevo|
MNE|Montenegro;Montenegrin;Podgorica|
MKD|North Macedonia;Macedonia;Macedonian;Skopje|
ALB|Albania;Albanian;Tirana|
GRC|Greece;Greek;Athens|Thessaloniki
CYP|Cyprus;Cypriot;Nicosia|Limassol
MLT|Malta;Maltese;Valletta|
AUS|Australia;Australian;Canberra|Sydney;Melbourne;New South Wales;Queensland;Victoria state
NZL|New Zealand;New Zealander;Wellington|Auckland
FJI|Fiji;Fijian;Suva|
PNG|Papua New Guinea;Port Moresby|
BHS|Bahamas;Bahamian;Nassau|
BLZ|Belize;Belizean;Belmopan|
BRB|Barbados;Barbadian;Bridgetown|
CAF|Central African Republic;CAR;Bangui|
COM|Comoros;Comorian;Moroni|
CPV|Cabo Verde;Cape Verde;Cape Verdean;Praia|
DMA|Dominica;Roseau|
GMB|Gambia;the Gambia;Gambian;Banjul|
GNB|Guinea-Bissau;Bissau|
GRD|Grenada;Grenadian|
GUY|Guyana;Guyanese|
HND|Honduras;Honduran;Tegucigalpa|
HTI|Haiti;Haitian;Port-au-Prince|
JAM|Jamaica;Jamaican|
KIR|Kiribati;Tarawa|
KNA|Saint Kitts and Nevis;St Kitts and Nevis|
LCA|Saint Lucia;St Lucia|
LIE|Liechtenstein;Vaduz|
LSO|Lesotho;Basotho;Maseru|
MCO|Monaco;Monegasque|
MHL|Marshall Islands;Majuro|
NRU|Nauru;Nauruan|
PLW|Palau;Palauan|
SLB|Solomon Islands;Honiara|
SLV|El Salvador;Salvadoran;San Salvador|
SMR|San Marino|
STP|Sao Tome and Principe;São Tomé and Príncipe|
SUR|Suriname;Surinamese;Paramaribo|
SWZ|Eswatini;Swaziland;Swazi;Mbabane|
SYC|Seychelles;Seychellois|
TON|Tonga;Tongan;Nuku'alofa|
TTO|Trinidad and Tobago;Trinidadian;Port of Spain|
TUV|Tuvalu;Funafuti|
VAT|Vatican;Holy See;Vatican City|
VCT|Saint Vincent and the Grenadines|
VUT|Vanuatu;Port Vila|
WSM|Samoa;Samoan;Apia|
AND|Andorra;Andorran|
ATG|Antigua and Barbuda|
FSM|Micronesia;Federated States of Micronesia|
PRI|Puerto Rico;Puerto Rican|
GRL|Greenland|
ESH|Western Sahara|
"""

GROUPS = [
 ("EAEU", ["EAEU", "EAEU countries", "EAEU member states", "EAEU states", "Eurasian Economic Union", "Eurasian Union", "EEU", "Union", "Union countries", "Union states", "Eurasian Economic Community"]),
 ("ASEAN", ["ASEAN", "Association of Southeast Asian Nations", "ASEAN countries", "ASEAN member states"]),
 ("CIS", ["CIS", "Commonwealth of Independent States", "CIS countries", "CIS states"]),
 ("EU", ["EU", "European Union", "EU countries", "EU member states", "EU27", "EU-27", "EU28", "euro area", "Euro area", "eurozone", "euro zone", "EA13", "EA19", "EA20", "EU member countries"]),
 ("SCO", ["SCO", "Shanghai Cooperation Organization", "Shanghai Cooperation Organisation", "SCO countries"]),
 ("BRICS", ["BRICS", "BRICS countries"]),
 ("AFRICA", ["Africa", "African", "African countries", "African continent", "Black Continent", "African Union", "sub-Saharan Africa"]),
 ("ASIA", ["Asia", "Asian", "Asian countries", "Asia-Pacific", "Asia Pacific", "Asian region", "Central Asia", "Central Asian", "East Asia", "East Asian", "South Asia", "South Asian", "Southeast Asia", "South-East Asia", "Southeast Asian", "West Asia", "West Asian"]),
 ("LATAM", ["Latin America", "Latin American", "South America", "South American", "Central America", "Caribbean"]),
 ("GULF", ["Gulf", "Persian Gulf", "GCC", "Gulf Cooperation Council", "Gulf countries", "Gulf states", "Arab monarchies"]),
 ("MIDEAST", ["Middle East", "Middle Eastern", "Near East"]),
 ("USSR", ["Soviet Union", "USSR"]),
 ("WLD", ["all countries", "third countries", "foreign markets", "world market", "world markets", "rest of the world", "the world", "other countries", "foreign countries", "far-abroad countries", "far abroad"]),
]

out = ['''# Partner gazetteer: surface forms -> ISO 3166-1 alpha-3 or a group code.
# Sources: ISO 3166-1 (country codes and short names), English demonyms and
# adjectives (CIA World Factbook "Nationality" field), capitals, and the
# provinces, regions and cities that trade news names (Belarusian oblasts and
# cities, Chinese provinces, Uzbek, Kazakh, Russian, Vietnamese, Indian ...
# regions). Compiled for tradeseries, 2026.
# Forms match case-sensitively as written here and must stand as whole words;
# the longest form wins ("Minsk Region" over "Minsk").
#
# `forms` name the country itself: its names, demonyms and capital (a capital
# stands for its country: "Minsk and Beijing conducted trade"). `places` are
# parts of it (provinces, regions, other cities): a figure of a place is of
# the country, with scope `region` (FACTS.md "Scope").
# Group codes: WLD (world total), ASIA, ASEAN, EAEU, EU, CIS, AFRICA, GULF,
# LATAM of FACTS.md, and SCO, BRICS, MIDEAST, USSR the gazetteer knows too.
''']
for line in T.strip().splitlines():
    code, forms, places = line.split("|")
    f = [x for x in forms.split(";") if x]
    p = [x for x in places.split(";") if x]
    q = lambda xs: "[" + ", ".join('"' + x.replace('"', '\\"') + '"' for x in xs) + "]"
    out.append(f"[[country]]\ncode = \"{code}\"\nforms = {q(f)}\nplaces = {q(p)}\n")
out.append("# Groups. A group's forms are read as the partner itself.\n")
for code, forms in GROUPS:
    q = lambda xs: "[" + ", ".join('"' + x + '"' for x in xs) + "]"
    out.append(f"[[group]]\ncode = \"{code}\"\nforms = {q(forms)}\n")
open(__import__("pathlib").Path(__file__).resolve().parent.parent / "src/lexicon/partners.toml", "w").write("\n".join(out))
# checks
import re
seen = {}
for line in T.strip().splitlines():
    code, forms, places = line.split("|")
    for x in [y for y in (forms + ";" + places).split(";") if y]:
        if x in seen and seen[x] != code: print("DUP", x, seen[x], code)
        seen[x] = code
print(len(T.strip().splitlines()), "countries")
