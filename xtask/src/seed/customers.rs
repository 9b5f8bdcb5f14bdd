//! The demo company's customers, generated the same way on every run:
//! people and companies in the cities of each service region, about a
//! quarter of them key accounts, and the sales rep's export customers.

use super::Lcg;

/// A customer: name, phone, site address, whether the site is in a
/// provincial capital (the on-site target), language, whether the sales
/// rep keeps them, and whether they are a key account (their cases come in
/// at a higher priority).
pub struct Customer {
    pub name: String,
    pub phone: String,
    pub address: String,
    pub capital: bool,
    pub en: bool,
    pub rep: bool,
    pub key: bool,
}

/// A service region: its technician and its customers.
pub struct Region {
    pub tech: &'static str,
    pub customers: Vec<Customer>,
}

/// A city: province prefix, city, whether it is a provincial capital, the
/// area code, districts.
struct City {
    province: &'static str,
    city: &'static str,
    capital: bool,
    area: &'static str,
    districts: &'static [&'static str],
}

const fn city(
    province: &'static str,
    city: &'static str,
    capital: bool,
    area: &'static str,
    districts: &'static [&'static str],
) -> City {
    City {
        province,
        city,
        capital,
        area,
        districts,
    }
}

/// The regions' technicians and cities: 华东, 华南, 华北, 西南.
const REGION_CITIES: &[(&str, &[City])] = &[
    (
        "wu.gang",
        &[
            city("", "上海", true, "21", &["浦东新区", "闵行区", "嘉定区"]),
            city("浙江省", "杭州", true, "571", &["余杭区", "萧山区"]),
            city("江苏省", "南京", true, "25", &["江宁区", "浦口区"]),
            city("江苏省", "苏州", false, "512", &["工业园区", "吴中区"]),
            city("安徽省", "合肥", true, "551", &["蜀山区", "包河区"]),
            city("江苏省", "盐城", false, "515", &["大丰区", "亭湖区"]),
        ],
    ),
    (
        "huang.min",
        &[
            city("广东省", "广州", true, "20", &["白云区", "番禺区"]),
            city("广东省", "深圳", false, "755", &["南山区", "宝安区"]),
            city("广东省", "佛山", false, "757", &["顺德区", "南海区"]),
            city("福建省", "福州", true, "591", &["鼓楼区", "仓山区"]),
            city(
                "广西壮族自治区",
                "南宁",
                true,
                "771",
                &["西乡塘区", "青秀区"],
            ),
            city("福建省", "厦门", false, "592", &["集美区", "海沧区"]),
        ],
    ),
    (
        "sun.hao",
        &[
            city("", "北京", true, "10", &["顺义区", "大兴区", "通州区"]),
            city("", "天津", true, "22", &["西青区", "滨海新区"]),
            city("河北省", "石家庄", true, "311", &["长安区", "鹿泉区"]),
            city("河北省", "保定", false, "312", &["清苑区", "莲池区"]),
            city("山东省", "济南", true, "531", &["历城区", "章丘区"]),
            city("山东省", "青岛", false, "532", &["黄岛区", "城阳区"]),
        ],
    ),
    (
        "liu.yang",
        &[
            city("四川省", "成都", true, "28", &["高新区", "双流区"]),
            city("", "重庆", true, "23", &["渝北区", "江津区"]),
            city("云南省", "昆明", true, "871", &["呈贡区", "官渡区"]),
            city("贵州省", "贵阳", true, "851", &["观山湖区", "花溪区"]),
            city("四川省", "绵阳", false, "816", &["涪城区", "游仙区"]),
            city("四川省", "宜宾", false, "831", &["翠屏区", "叙州区"]),
        ],
    ),
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "建华", "志强", "海燕", "春梅", "国庆", "晓东", "丽华",
];
const FIRM_WORDS: &[&str] = &[
    "恒昌", "宏达", "金源", "华辰", "瑞丰", "鑫盛", "嘉禾", "永泰", "天润", "绿能", "博远", "新宇",
    "长青", "安信",
];
const FIRM_KINDS: &[&str] = &[
    "纺织有限公司",
    "冷链物流有限公司",
    "农业合作社",
    "光伏工程有限公司",
    "食品有限公司",
    "建材有限公司",
    "汽车零部件有限公司",
    "电子科技有限公司",
    "养殖场",
    "新能源科技有限公司",
    "花卉基地",
    "酒店管理有限公司",
];
const STREETS: &[&str] = &[
    "人民路",
    "解放路",
    "建设路",
    "中山路",
    "工业大道",
    "科技路",
    "滨江路",
    "新华路",
    "创业大道",
    "文化路",
];

/// Customers per region.
const PER_REGION: usize = 12;

/// The four regions with their generated customers.
pub fn regions() -> Vec<Region> {
    REGION_CITIES
        .iter()
        .enumerate()
        .map(|(r, (tech, cities))| {
            let mut rng = Lcg::new(9_000 + r as u64);
            let customers = (0..PER_REGION)
                .map(|i| {
                    let city = &cities[i % cities.len()];
                    let company = i % 3 != 1;
                    // Three companies of twelve customers are key accounts.
                    let key = matches!(i, 0 | 5 | 9);
                    let name = if company {
                        format!(
                            "{}{}{}",
                            city.city,
                            rng.pick(FIRM_WORDS),
                            rng.pick(FIRM_KINDS)
                        )
                    } else {
                        format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
                    };
                    let phone = if company {
                        format!(
                            "+86 {} {}{:03} {:04}",
                            city.area,
                            2 + rng.below(7),
                            rng.below(1_000),
                            rng.below(10_000)
                        )
                    } else {
                        format!(
                            "+86 1{}{} {:04} {:04}",
                            rng.pick(&[3, 5, 8]),
                            rng.below(10),
                            rng.below(10_000),
                            rng.below(10_000)
                        )
                    };
                    let address = format!(
                        "{}{}市{}{}{} 号",
                        city.province,
                        city.city,
                        rng.pick(city.districts),
                        rng.pick(STREETS),
                        1 + rng.below(300)
                    );
                    Customer {
                        name,
                        phone,
                        address,
                        capital: city.capital,
                        en: false,
                        rep: false,
                        key,
                    }
                })
                .collect();
            Region { tech, customers }
        })
        .collect()
}

/// The sales rep's export customers (key accounts, in English): returns,
/// refunds and repairs sent in, no site visits.
pub fn export() -> Vec<Customer> {
    [
        (
            "Green Roof GmbH",
            "+49 30 5550 1234",
            "Torstraße 140, 10119 Berlin",
            true,
        ),
        (
            "Costa Energia S.L.",
            "+34 91 555 0199",
            "Calle de Alcalá 120, 28009 Madrid",
            true,
        ),
        (
            "Sunrise Solar Pty Ltd",
            "+61 2 5550 7788",
            "22 Harbour Street, Sydney NSW 2000",
            false,
        ),
        (
            "Nordlicht Solartechnik AG",
            "+49 40 5550 8812",
            "Hafenstraße 9, 20459 Hamburg",
            false,
        ),
        (
            "Helios Instalaciones S.L.",
            "+34 96 555 0142",
            "Avenida del Puerto 55, 46023 Valencia",
            false,
        ),
    ]
    .into_iter()
    .map(|(name, phone, address, capital)| Customer {
        name: name.into(),
        phone: phone.into(),
        address: address.into(),
        capital,
        en: true,
        rep: true,
        key: true,
    })
    .collect()
}
