"""Names and places for the demo: Minangkabau women's names, West Sumatran regions."""

FIRST_NAMES = [
    "Siti", "Nurhayati", "Yusnimar", "Rosmaniar", "Asmawati", "Darmawati", "Erniwati", "Fitriani",
    "Hasnah", "Irmawati", "Jusniar", "Kartini", "Lismawati", "Marlina", "Nelmawati", "Oktaviani",
    "Rahmawati", "Syafrida", "Tuti", "Upik", "Wirda", "Yenti", "Desi", "Elvi", "Fauziah", "Gusnidar",
    "Hendriani", "Indrawati", "Jasmaniar", "Misnawati", "Nurlela", "Rosnida", "Sarmaini", "Yulinar",
    "Emi", "Ratna", "Sri", "Warni", "Yusra", "Nurbaiti", "Asniar", "Dahniar", "Ermawati", "Neli", "Reni",
    "Sumarni", "Zuraida", "Afrida", "Betti", "Cici", "Delvi", "Efrida", "Gusmiati", "Halimah", "Izmi",
    "Leni", "Mardiana", "Nofrita", "Pipit", "Rita", "Susi", "Vivi", "Yurnalis", "Zulfah",
]
SECOND_NAMES = [
    "Aminah", "Azizah", "Wati", "Hayati", "Yanti", "Sari", "Ningsih", "Murni", "Rosna", "Yusuf", "Syafri",
    "Darwis", "Mulyani", "Rahmi", "Fitri", "Susanti", "Hartati", "Nengsih", "Elita", "Marni", "Suryani",
    "Zainal", "Idris", "Bahar", "Anwar", "Marlis", "Novita", "Rosdiana", "Yeni", "Arni",
]
NICKNAMES = ["Ni", "Ci", "Et", "Up", "Ros", "Yus", "Nur", "Pit", "Wir", "Des", "Lis", "Mar", "Tut", "Yen"]

# (code, name, [(kecamatan code, name, [villages])])
DISTRICTS = [
    ("PDG", "Kota Padang", [
        ("PDG-KTG", "Koto Tangah", ["Lubuk Buaya", "Parupuk Tabing", "Air Pacah", "Dadok Tunggul Hitam"]),
        ("PDG-PUT", "Padang Utara", ["Air Tawar Barat", "Gunung Pangilun", "Ulak Karang Selatan"]),
        ("PDG-KRJ", "Kuranji", ["Kuranji", "Gunung Sarik", "Pasar Ambacang"]),
        ("PDG-PAU", "Pauh", ["Limau Manis", "Cupak Tangah", "Piai Tangah"]),
        ("PDG-LBG", "Lubuk Begalung", ["Pegambiran", "Banuaran Nan XX", "Lubuk Begalung"]),
        ("PDG-NGL", "Nanggalo", ["Kampung Olo", "Surau Gadang", "Tabing Banda Gadang"]),
        ("PDG-BTK", "Bungus Teluk Kabung", ["Bungus Barat", "Teluk Kabung Tengah"]),
    ]),
    ("PPR", "Kabupaten Padang Pariaman", [
        ("PPR-BTA", "Batang Anai", ["Nagari Kasang", "Nagari Sungai Buluh", "Nagari Buayan"]),
        ("PPR-LBA", "Lubuk Alung", ["Nagari Lubuk Alung", "Nagari Pungguang Kasiak"]),
        ("PPR-NSB", "Nan Sabaris", ["Nagari Pauh Kambar", "Nagari Ulakan"]),
        ("PPR-STG", "Sintuk Toboh Gadang", ["Nagari Sintuk", "Nagari Toboh Gadang"]),
        ("PPR-VII", "VII Koto Sungai Sariak", ["Nagari Sungai Sariak", "Nagari Ampalu"]),
    ]),
    ("PRM", "Kota Pariaman", [
        ("PRM-TGH", "Pariaman Tengah", ["Kampung Pondok", "Jawi-Jawi"]),
        ("PRM-UTR", "Pariaman Utara", ["Manggung", "Sungai Pasak"]),
    ]),
]

STUDY_GROUPS = ["Anggrek", "Garuda Metro", "Rosella", "Kami Saiyo"]
OTHER_GROUPS = [
    "Melati", "Mawar", "Seroja", "Kenanga", "Saiyo Sakato", "Bunga Tanjung", "Sakato", "Harapan Bunda",
    "Maju Bersama", "Sepakat", "Cempaka", "Teratai", "Kasih Ibu", "Sejahtera", "Tunas Harapan", "Bina Usaha",
    "Karya Bunda", "Sumber Rezeki", "Mekar Sari", "Dahlia", "Flamboyan", "Bougenvil", "Lestari", "Sehati",
]

BUSINESSES = [
    ("rakik_maco", "Rakik maco dijual ke toko oleh-oleh dan minimarket"),
    ("cassava", "Keripik singkong dan kerupuk ubi"),
    ("cakes", "Kue basah dan kue kering pesanan"),
    ("chickens", "Ternak ayam kampung"),
    ("yard_garden", "Sayuran di pekarangan (cabai, terung, kangkung)"),
    ("warung", "Warung kebutuhan harian"),
    ("tailoring", "Menjahit pakaian dan sulaman"),
    ("trading", "Berjualan sayur di pasar"),
]

MEETING_PLACES = ["Rumah ketua", "Mushalla", "Balai nagari", "Rumah bendahara", "Posyandu", "Kantor lurah"]
