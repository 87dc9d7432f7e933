package cn.liangxian.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import cn.liangxian.policy.Jurisdiction;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.registry.EmployerRegistry.EmployerType;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.Enrollments.Source;
import cn.liangxian.security.pii.Identifiers;
import cn.liangxian.security.pii.Identifiers.CertType;

/**
 * Realistic demo employers and people for the seed regions, from a seed: the same seed gives the same data,
 * call for call. Employers carry valid unified social credit codes (GB 32100, with a GB 11714 organisation
 * code inside), Chinese names built from the city, a trade name and an industry, and addresses in the city;
 * people carry valid resident ID numbers of the region's districts (GB 11643) or a Hong Kong, Macao or Taiwan
 * residence permit, common names, valid mobile numbers and an enrollment story: employees in 310 and 510
 * (some who changed jobs, some who left), flexible workers in 310, unemployed wives registered by their
 * insured husbands where the region covers spouses, and in Guangzhou imported 310-only employees from
 * before the merger. Nothing here reads the clock: every date lies between fixed bounds.
 *
 * <p>Not thread-safe: one generator is used by one thread.
 */
public final class DemoGenerator {

    /** The seed regions, in the order data is generated. */
    public static final List<String> REGIONS = List.of("440100", "440300", "500000", "320400", "152501");
    /** The last date generated data reaches (no enrollment starts or ends later). */
    public static final LocalDate LATEST = LocalDate.of(2025, 12, 31);
    /** The first date an enrollment starts. */
    static final LocalDate EARLIEST_ENROLLMENT = LocalDate.of(2005, 1, 1);
    /** The first date an employer registers. */
    static final LocalDate EARLIEST_EMPLOYER = LocalDate.of(1995, 1, 1);
    /** Organisation codes of the form MA… are issued from this date (the unified code reform). */
    static final LocalDate NEW_STYLE_CODES = LocalDate.of(2015, 10, 1);
    /**
     * Every how many certificates one is re-checked with {@link Identifiers} while generating (the tests check
     * them all; the check's regular expressions would cost more than the rest of the generation).
     */
    static final int CHECK_EVERY = 64;
    /** The shortest job in a generated career, in days. */
    static final int MIN_JOB_DAYS = 120;

    /** What a generated household is. */
    public enum Kind {
        /** An employee with one employer, still enrolled in 310 and 510. */
        EMPLOYEE,
        /** An employee who moved between employers (each move: one ends, the next starts the day after). */
        TRANSFERRED,
        /** An employee who left; her coverage ended. */
        LEFT,
        /** A flexible worker in 310. */
        FLEXIBLE,
        /** An employee imported from the old 310 system without 510, enrolled before the merger (the census case). */
        LEGACY,
        /** An insured husband and his unemployed wife, registered for maternity medical cover through him. */
        COUPLE,
        /** An employee who holds a Hong Kong, Macao or Taiwan residence permit. */
        PERMIT_HOLDER
    }

    /** A generated employer. {@code cancelledFrom} is the day its registration was cancelled, or null. */
    public record Employer(String regionCode, String uscc, EmployerType type, String name, String industry,
            String address, String contactName, String contactPhone, String bankName, String bankAccount,
            LocalDate activeFrom, LocalDate cancelledFrom) {
    }

    /** One job in a career: the employer and the dates, both inclusive ({@code end} null = still there). */
    public record Job(String employerUscc, LocalDate start, LocalDate end, String endReason) {
    }

    /** One coverage period as the registry stores it. */
    public record Coverage(String insuranceType, String basis, String employerUscc, LocalDate start, LocalDate end,
            Source source, String endReason) {
    }

    /**
     * A generated person: her certificate, name, sex ("M"/"F"), birth date and mobile, her jobs (consecutive:
     * each after the first starts the day after the one before ends), whether they are imported 310-only
     * history, and her flexible-worker enrollment if any.
     */
    public record Person(String regionCode, CertType certType, String certNumber, String name, String sex,
            LocalDate birthDate, String phone, List<Job> jobs, boolean legacy, LocalDate flexibleStart,
            LocalDate flexibleEnd, String flexibleEndReason) {

        public Person {
            jobs = List.copyOf(jobs);
        }

        /** The coverage periods her story makes: 310 and 510 per job (310 only for imported history), 310 flexible. */
        public List<Coverage> coverage() {
            List<Coverage> out = new ArrayList<>();
            for (Job j : jobs) {
                out.add(new Coverage(Enrollments.MEDICAL, "EMPLOYEE", j.employerUscc(), j.start(), j.end(),
                        legacy ? Source.LEGACY_IMPORT : Source.ENROLLMENT, j.endReason()));
                if (!legacy) {
                    out.add(new Coverage(Enrollments.MATERNITY, "EMPLOYEE", j.employerUscc(), j.start(), j.end(),
                            Source.ENROLLMENT, j.endReason()));
                }
            }
            if (flexibleStart != null) {
                out.add(new Coverage(Enrollments.MEDICAL, "FLEXIBLE", null, flexibleStart, flexibleEnd,
                        Source.ENROLLMENT, flexibleEndReason));
            }
            return out;
        }
    }

    /** One or two people generated together: a person, or a husband and his wife registered through him. */
    public record Household(Kind kind, Person person, Person wife, LocalDate spouseFrom) {

        public List<Person> members() {
            return wife == null ? List.of(person) : List.of(person, wife);
        }

        public int size() {
            return wife == null ? 1 : 2;
        }
    }

    // ------------------------------------------------------------------------------------------ the cities

    record District(String code, String name) {
    }

    /** What the generator knows of a city: districts, streets, trades, banks, where migrants come from. */
    record City(String code, String name, String shortName, int share, List<District> districts, List<String> streets,
            List<String[]> trades, List<String> banks, List<String> migrantPrefixes, int migrantPerMille) {
    }

    private static List<District> districts(String... codeAndName) {
        List<District> out = new ArrayList<>();
        for (int i = 0; i < codeAndName.length; i += 2) {
            out.add(new District(codeAndName[i], codeAndName[i + 1]));
        }
        return List.copyOf(out);
    }

    private static List<String[]> trades(String... wordAndSection) {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < wordAndSection.length; i += 2) {
            out.add(new String[] { wordAndSection[i], wordAndSection[i + 1] });
        }
        return List.copyOf(out);
    }

    /** Sections of GB/T 4754-2017 (国民经济行业分类门类). */
    static final Map<String, String> SECTIONS = Map.ofEntries(Map.entry("A", "农、林、牧、渔业"), Map.entry("C", "制造业"),
            Map.entry("D", "电力、热力、燃气及水生产和供应业"), Map.entry("E", "建筑业"), Map.entry("F", "批发和零售业"),
            Map.entry("G", "交通运输、仓储和邮政业"), Map.entry("H", "住宿和餐饮业"), Map.entry("I", "信息传输、软件和信息技术服务业"),
            Map.entry("J", "金融业"), Map.entry("K", "房地产业"), Map.entry("L", "租赁和商务服务业"), Map.entry("M", "科学研究和技术服务业"),
            Map.entry("N", "水利、环境和公共设施管理业"), Map.entry("O", "居民服务、修理和其他服务业"), Map.entry("P", "教育"),
            Map.entry("Q", "卫生和社会工作"), Map.entry("R", "文化、体育和娱乐业"), Map.entry("S", "公共管理、社会保障和社会组织"));

    private static final List<String[]> COMMON_TRADES = trades("科技", "I", "信息技术", "I", "软件", "I", "网络科技", "I",
            "电子", "C", "机械", "C", "精密制造", "C", "服装", "C", "食品", "C", "塑胶制品", "C", "医疗器械", "C", "新材料", "C",
            "贸易", "F", "商贸", "F", "医药连锁", "F", "建筑工程", "E", "装饰工程", "E", "物流", "G", "供应链管理", "G",
            "运输", "G", "餐饮管理", "H", "酒店管理", "H", "物业管理", "K", "房地产开发", "K", "人力资源", "L", "企业管理咨询", "L",
            "广告", "L", "生物科技", "M", "检测技术", "M", "工程设计", "M", "文化传媒", "R", "教育科技", "P", "家政服务", "O",
            "汽车服务", "O", "融资租赁", "J", "环保工程", "N", "电力工程", "D", "农业发展", "A");

    private static final List<String> COMMON_BANKS = List.of("中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "交通银行",
            "招商银行", "中国邮政储蓄银行");

    static final Map<String, City> CITIES = cities();

    private static Map<String, City> cities() {
        Map<String, City> m = new LinkedHashMap<>();
        m.put("440100", new City("440100", "广州市", "广州", 30,
                districts("440103", "荔湾区", "440104", "越秀区", "440105", "海珠区", "440106", "天河区", "440111", "白云区",
                        "440112", "黄埔区", "440113", "番禺区", "440114", "花都区", "440115", "南沙区", "440117", "从化区",
                        "440118", "增城区"),
                List.of("天河路", "体育西路", "中山大道", "黄埔大道", "环市东路", "东风中路", "江南大道", "工业大道", "广州大道",
                        "新港中路", "机场路", "番禺大道", "花城大道", "科学大道"),
                trades("化妆品", "C", "皮具", "C", "跨境电商", "F", "会展服务", "L"),
                List.of("广州农村商业银行", "广州银行"),
                List.of("430102", "430521", "450102", "360102", "510104", "420102", "441581", "440513", "441402"), 250));
        m.put("440300", new City("440300", "深圳市", "深圳", 28,
                districts("440303", "罗湖区", "440304", "福田区", "440305", "南山区", "440306", "宝安区", "440307", "龙岗区",
                        "440308", "盐田区", "440309", "龙华区", "440310", "坪山区", "440311", "光明区"),
                List.of("深南大道", "滨河大道", "北环大道", "科技园路", "宝安大道", "龙岗大道", "福华路", "华强北路", "南海大道",
                        "民治大道", "沙河西路", "创业路"),
                trades("通信技术", "I", "智能科技", "I", "半导体", "C", "电子", "C", "跨境电商", "F"),
                List.of("平安银行", "深圳农村商业银行"),
                List.of("430102", "431102", "450102", "360102", "510104", "420102", "441581", "445202", "410102"), 300));
        m.put("500000", new City("500000", "重庆市", "重庆", 30,
                districts("500101", "万州区", "500103", "渝中区", "500104", "大渡口区", "500105", "江北区", "500106", "沙坪坝区",
                        "500107", "九龙坡区", "500108", "南岸区", "500109", "北碚区", "500112", "渝北区", "500113", "巴南区"),
                List.of("民族路", "中山三路", "渝州路", "杨家坪正街", "小龙坎正街", "建新北路", "南坪正街", "金开大道", "龙湖大道",
                        "北城天街", "红锦大道", "鲁能星城路"),
                trades("汽车零部件", "C", "摩托车", "C", "火锅餐饮", "H", "笔记本电脑配件", "C"),
                List.of("重庆农村商业银行", "重庆银行"),
                List.of("510104", "510502", "511102", "522101", "420502"), 80));
        m.put("320400", new City("320400", "常州市", "常州", 10,
                districts("320402", "天宁区", "320404", "钟楼区", "320411", "新北区", "320412", "武进区", "320413", "金坛区",
                        "320481", "溧阳市"),
                List.of("延陵西路", "南大街", "龙城大道", "通江大道", "长江路", "常武路", "晋陵路", "太湖东路", "劳动中路", "汉江路"),
                trades("新能源", "C", "纺织", "C", "轨道交通设备", "C", "机械", "C"),
                List.of("江苏江南农村商业银行", "江苏银行"),
                List.of("321102", "341102", "320102", "321302", "342201"), 120));
        m.put("152501", new City("152501", "二连浩特市", "二连浩特", 2, districts("152501", ""),
                List.of("前进路", "团结路", "友谊路", "和平路", "新华街", "口岸大街", "恐龙大街", "欧亚大道"),
                trades("口岸物流", "G", "边境贸易", "F", "进出口贸易", "F", "肉类加工", "C", "矿产品贸易", "F"),
                List.of("内蒙古农村信用社", "包商银行"),
                List.of("152502", "150102", "152527", "150202"), 150));
        return Map.copyOf(m);
    }

    static City city(String region) {
        City c = CITIES.get(region);
        if (c == null) {
            throw new IllegalArgumentException("not a seed region: " + region);
        }
        return c;
    }

    /** Splits a total over regions by their share (largest remainder), in the order given. */
    public static Map<String, Integer> split(int total, List<String> regions) {
        int sum = regions.stream().mapToInt(r -> city(r).share()).sum();
        Map<String, Integer> out = new LinkedHashMap<>();
        long[] rest = new long[regions.size()];
        int given = 0;
        for (int i = 0; i < regions.size(); i++) {
            long exact = (long) total * city(regions.get(i)).share();
            out.put(regions.get(i), (int) (exact / sum));
            rest[i] = exact % sum;
            given += (int) (exact / sum);
        }
        while (given < total) {
            int best = 0;
            for (int i = 1; i < rest.length; i++) {
                if (rest[i] > rest[best]) {
                    best = i;
                }
            }
            out.merge(regions.get(best), 1, Integer::sum);
            rest[best] = -1;
            given++;
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ names

    private static final String[] SURNAMES = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
            "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田",
            "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔",
            "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江",
            "尹", "薛", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "欧阳",
            "司马" };
    /** Relative frequency of each surname, in tenths of a per cent (roughly the national census order). */
    private static final int[] SURNAME_WEIGHTS = { 71, 70, 68, 54, 46, 31, 25, 23, 20, 19, 17, 15, 14, 13, 13, 12, 12,
            11, 11, 9, 9, 9, 8, 7, 7, 7, 6, 6, 6, 6, 6, 6, 6, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
            4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
            2, 2, 1, 1 };
    /** Surnames more common in Guangdong than nationally, weighted up there. */
    private static final Set<String> CANTONESE = Set.of("陈", "黄", "梁", "林", "何", "罗", "李", "冯", "邓", "叶", "钟");
    private static final String FEMALE = "丽芳敏静婷雪慧琳颖欣怡佳晓雅梦思雨诗月玉红燕霞娟娜倩琪萍洁露莹蕾瑶琴桂凤秀兰英梅";
    private static final String MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫浩宇轩博文建国志俊峰亮东波毅龙阳海林";
    private static final String EITHER = "晨子嘉睿宁安一乐可心思俊";
    private static final List<String> MONGOLIAN_FEMALE = List.of("其其格", "乌云", "萨仁", "娜仁", "图雅", "苏日娜", "斯琴",
            "高娃", "塔娜", "阿茹娜");
    private static final List<String> MONGOLIAN_MALE = List.of("巴特尔", "额尔敦", "宝音", "朝鲁", "那木汗", "孟和", "特木尔",
            "巴图", "布和", "阿拉坦");
    private static final List<String> MOBILE_PREFIXES = List.of("134", "135", "136", "137", "138", "139", "150", "151",
            "152", "157", "158", "159", "182", "183", "187", "188", "130", "131", "132", "155", "156", "185", "186", "133",
            "153", "180", "181", "189", "177", "199", "166", "191", "198", "176");
    private static final String WORD_FIRST = "华恒金宏鸿瑞鼎安博天嘉新海中远力富智云锦永立凯启汇东盛德信隆泰丰通达源创联";
    private static final String WORD_SECOND = "信达桥图运丰盛泰远成禾辉纳联航拓邦汇帆程兴晟明通方诚华祥业鑫越峰源弘";
    private static final String NUMERALS = "一二三四五六七八九十";
    private static final List<String> BUREAUS = List.of("人民政府办公室", "人力资源和社会保障局", "市场监督管理局", "教育局", "民政局",
            "财政局", "住房和城乡建设局", "卫生健康委员会", "交通运输局", "司法局", "统计局", "医疗保障局", "城市管理和综合执法局",
            "应急管理局", "退役军人事务局", "农业农村局");
    private static final List<String[]> SHOPS = trades("餐饮店", "H", "早餐店", "H", "便利店", "F", "五金店", "F", "水果店", "F",
            "服装店", "F", "理发店", "O", "汽车维修部", "O", "快递服务部", "G", "茶叶店", "F");
    private static final List<String> ASSOCIATIONS = List.of("餐饮行业协会", "软件行业协会", "物流协会", "建筑业协会", "会计学会",
            "个体劳动者协会", "老年人体育协会", "青年企业家协会", "家庭服务业协会", "医院协会");

    // ------------------------------------------------------------------------------------------ state

    private final long seed;
    private final PolicyBook policy;
    private final Map<String, SplittableRandom> streams = new HashMap<>();
    private final Map<String, List<Employer>> pools = new HashMap<>();
    private final Map<String, Set<String>> employerNames = new HashMap<>();
    private final Set<String> usccs = new HashSet<>();
    private final LongSet certificates = new LongSet();
    private final Map<String, LocalDate> mergers = new HashMap<>();
    private final Map<String, EnumMap<Kind, Integer>> weights = new HashMap<>();

    public DemoGenerator(long seed, PolicyBook policy) {
        this.seed = seed;
        this.policy = policy;
    }

    public long seed() {
        return seed;
    }

    /** The region's own random stream: a region's data does not depend on which other regions are generated. */
    private SplittableRandom random(String region) {
        return streams.computeIfAbsent(region, r -> new SplittableRandom(mix(seed) ^ mix(Long.parseLong(r) + 1)));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    // ------------------------------------------------------------------------------------------ employers

    /**
     * Generates {@code count} employers of a region after the {@code fixed} ones given, and makes them all the
     * region's pool that generated people work for. The first employer of the pool is the region's anchor:
     * registered before any generated enrollment starts and never cancelled (a fixed first one must be so too).
     */
    public List<Employer> employers(String region, int count, List<Employer> fixed) {
        City city = city(region);
        SplittableRandom r = random(region);
        List<Employer> pool = new ArrayList<>(fixed);
        for (Employer e : fixed) {
            usccs.add(e.uscc());
            names(region).add(e.name());
        }
        for (int i = 0; i < count; i++) {
            boolean anchor = pool.isEmpty();
            pool.add(employer(r, city, anchor));
        }
        pools.put(region, pool);
        return List.copyOf(pool);
    }

    /** The region's pool (after {@link #employers}). */
    public List<Employer> pool(String region) {
        return List.copyOf(pools.getOrDefault(region, List.of()));
    }

    /**
     * Gives an employer a fresh unified social credit code (when the code is taken already in the database)
     * and puts the changed employer in the pool in its place.
     */
    public Employer renewCode(Employer e) {
        SplittableRandom r = random(e.regionCode());
        Employer renewed = new Employer(e.regionCode(),
                uscc(r, city(e.regionCode()), e.type(), e.activeFrom(), e.uscc().substring(2, 8)), e.type(),
                e.name(), e.industry(), e.address(), e.contactName(), e.contactPhone(), e.bankName(), e.bankAccount(),
                e.activeFrom(), e.cancelledFrom());
        List<Employer> pool = pools.get(e.regionCode());
        if (pool != null) {
            int i = pool.indexOf(e);
            if (i >= 0) {
                pool.set(i, renewed);
            }
        }
        return renewed;
    }

    private Set<String> names(String region) {
        return employerNames.computeIfAbsent(region, k -> new HashSet<>());
    }

    private Employer employer(SplittableRandom r, City city, boolean anchor) {
        EmployerType type = anchor ? EmployerType.ENTERPRISE : employerType(r);
        LocalDate activeFrom = anchor ? between(r, EARLIEST_EMPLOYER, EARLIEST_ENROLLMENT.minusYears(3))
                : between(r, EARLIEST_EMPLOYER, LATEST.minusYears(2));
        String name = null;
        String[] chosen = null;
        for (int attempt = 0; name == null; attempt++) {
            String[] candidate = name(r, city, attempt > 30 ? EmployerType.ENTERPRISE : type, attempt > 60);
            if (names(city.code()).add(candidate[0])) {
                name = candidate[0];
                chosen = candidate;
                if (attempt > 30) {
                    type = EmployerType.ENTERPRISE;
                }
            }
        }
        String[] trade = chosen;
        District d = city.districts().stream().filter(x -> x.code().equals(trade[2])).findFirst().orElseThrow();
        String address = city.name() + d.name() + pick(r, city.streets()) + (1 + r.nextInt(399)) + "号"
                + (r.nextInt(3) == 0 ? (2 + r.nextInt(28)) + "楼" : "");
        String bank = null;
        String account = null;
        if (type != EmployerType.GOVERNMENT_ORGAN || r.nextBoolean()) {
            String b = r.nextInt(4) == 0 ? pick(r, city.banks()) : pick(r, COMMON_BANKS);
            bank = b + (b.contains(city.shortName()) ? "" : city.shortName())
                    + (d.name().isEmpty() ? "" : d.name().substring(0, d.name().length() - 1)) + "支行";
            account = bankAccount(r);
        }
        LocalDate cancelled = null;
        if (!anchor && r.nextInt(100) < 5 && activeFrom.plusYears(2).isBefore(LATEST.minusYears(1))) {
            cancelled = between(r, activeFrom.plusYears(2), LATEST.minusMonths(1));
        }
        String uscc = uscc(r, city, type, activeFrom, d.code());
        return new Employer(city.code(), uscc, type, name, trade[1] + " " + SECTIONS.get(trade[1]), address,
                personName(r, city, r.nextInt(10) < 7 ? "F" : "M"), mobile(r), bank, account, activeFrom, cancelled);
    }

    private static EmployerType employerType(SplittableRandom r) {
        int x = r.nextInt(1000);
        if (x < 800) {
            return EmployerType.ENTERPRISE;
        }
        if (x < 870) {
            return EmployerType.INDIVIDUAL_BUSINESS;
        }
        if (x < 950) {
            return EmployerType.PUBLIC_INSTITUTION;
        }
        if (x < 985) {
            return EmployerType.GOVERNMENT_ORGAN;
        }
        return EmployerType.SOCIAL_ORGANISATION;
    }

    /** A name, its industry section letter and the code of the district it is in (and registered by). */
    private String[] name(SplittableRandom r, City city, EmployerType type, boolean numbered) {
        District d = pick(r, city.districts());
        String cityName = city.name();
        String place = d.name().isEmpty() ? cityName : cityName + d.name();
        String n;
        String section;
        switch (type) {
            case PUBLIC_INSTITUTION -> {
                int t = r.nextInt(9);
                String num = numeral(r, t < 2 ? 12 : 30);
                n = switch (t) {
                    case 0 -> cityName + "第" + num + "人民医院";
                    case 1 -> place + "人民医院";
                    case 2 -> place + "妇幼保健院";
                    case 3 -> place + pick(r, city.streets()) + "社区卫生服务中心";
                    case 4 -> cityName + "第" + num + "中学";
                    case 5 -> place + "实验小学";
                    case 6 -> place + "第" + num + "小学";
                    case 7 -> place + pick(r, city.streets()) + "幼儿园";
                    default -> place + "文化馆";
                };
                section = t <= 3 ? "Q" : t <= 7 ? "P" : "R";
            }
            case GOVERNMENT_ORGAN -> {
                n = (r.nextInt(3) == 0 ? cityName : place) + pick(r, BUREAUS);
                section = "S";
            }
            case SOCIAL_ORGANISATION -> {
                n = cityName + pick(r, ASSOCIATIONS);
                section = "S";
            }
            case INDIVIDUAL_BUSINESS -> {
                String[] shop = pick(r, SHOPS);
                n = r.nextBoolean() ? place + surname(r, city) + "记" + shop[0]
                        : place + tradeName(r) + shop[0];
                section = shop[1];
            }
            default -> {
                String[] trade = r.nextInt(4) == 0 ? pick(r, city.trades()) : pick(r, COMMON_TRADES);
                int form = r.nextInt(10);
                String prefix = form < 4 ? city.shortName() : form < 8 ? cityName : place;
                int s = r.nextInt(100);
                String suffix = s < 80 ? "有限公司" : s < 92 ? "有限责任公司" : "股份有限公司";
                n = prefix + tradeName(r) + trade[0] + suffix;
                section = trade[1];
            }
        }
        if (numbered) {
            n = n + "（" + place + "第" + numeral(r, 99) + "分支机构）";
        }
        return new String[] { n, section, d.code() };
    }

    private static String tradeName(SplittableRandom r) {
        char a = WORD_FIRST.charAt(r.nextInt(WORD_FIRST.length()));
        char b;
        do {
            b = WORD_SECOND.charAt(r.nextInt(WORD_SECOND.length()));
        } while (b == a);
        return "" + a + b;
    }

    /** A Chinese numeral from 一 to {@code max} (at most 99). */
    static String numeral(SplittableRandom r, int max) {
        int n = 1 + r.nextInt(max);
        if (n <= 10) {
            return String.valueOf(NUMERALS.charAt(n - 1));
        }
        int tens = n / 10;
        int ones = n % 10;
        return (tens == 1 ? "" : String.valueOf(NUMERALS.charAt(tens - 1))) + "十"
                + (ones == 0 ? "" : String.valueOf(NUMERALS.charAt(ones - 1)));
    }

    // ------------------------------------------------------------------------------------------ codes

    static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
    private static final int[] ORG_WEIGHTS = { 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final int[] ID_WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final String ID_CHECK = "10X98765432";

    /**
     * A unified social credit code (GB 32100): registration authority and category (91 enterprise, 92 individual
     * business, 12 public institution, 11 government organ, 51 social organisation), the administrative code of
     * the employer's district (or of the city, for some government organs), the nine-character organisation
     * code (GB 11714: eight characters and its check),
     * and the check character. Unique within this generator; checked with {@link Identifiers#uscc}.
     */
    private String uscc(SplittableRandom r, City city, EmployerType type, LocalDate activeFrom, String district) {
        String authority = switch (type) {
            case ENTERPRISE -> "91";
            case INDIVIDUAL_BUSINESS -> "92";
            case PUBLIC_INSTITUTION -> "12";
            case GOVERNMENT_ORGAN -> "11";
            case SOCIAL_ORGANISATION -> "51";
            case OTHER -> "Y1";
        };
        while (true) {
            String area = type == EmployerType.GOVERNMENT_ORGAN && r.nextBoolean() ? city.code() : district;
            StringBuilder org = new StringBuilder(9);
            boolean newStyle = authority.startsWith("9") && !activeFrom.isBefore(NEW_STYLE_CODES);
            if (newStyle) {
                org.append("MA");
                while (org.length() < 8) {
                    org.append(USCC_CHARS.charAt(r.nextInt(USCC_CHARS.length())));
                }
            } else {
                while (org.length() < 8) {
                    org.append((char) ('0' + r.nextInt(10)));
                }
            }
            org.append(organisationCheck(org));
            String code = usccWithCheck(authority + area + org);
            if (usccs.add(code)) {
                requireValid(Identifiers.uscc(code), code);
                return code;
            }
        }
    }

    /** The check character of an eight-character organisation code body (GB 11714): a digit or X. */
    static char organisationCheck(CharSequence body) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            char c = body.charAt(i);
            int v = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            sum += v * ORG_WEIGHTS[i];
        }
        int check = 11 - sum % 11;
        return check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check);
    }

    /** The 17 characters of a unified social credit code followed by its check character (GB 32100). */
    static String usccWithCheck(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += USCC_CHARS.indexOf(first17.charAt(i)) * USCC_WEIGHTS[i];
        }
        return first17 + USCC_CHARS.charAt((31 - sum % 31) % 31);
    }

    /** The 17 digits of a resident ID or residence permit number followed by its check character (GB 11643). */
    static String idWithCheck(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return first17 + ID_CHECK.charAt(sum % 11);
    }

    /** A settlement account of 19 digits whose last digit is a Luhn check (so it passes as a card number too). */
    private static String bankAccount(SplittableRandom r) {
        StringBuilder b = new StringBuilder(19);
        b.append((char) ('1' + r.nextInt(9)));
        while (b.length() < 18) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        int sum = 0;
        for (int i = 0; i < 18; i++) {
            int d = b.charAt(17 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return b.append((char) ('0' + (10 - sum % 10) % 10)).toString();
    }

    private static void requireValid(Identifiers.Check c, String what) {
        if (!c.valid()) {
            throw new IllegalStateException("generated an invalid identifier " + what + ": " + c.reasonEn());
        }
    }

    // ------------------------------------------------------------------------------------------ people

    /** Marks a certificate as taken, so the generator never produces it (people loaded from elsewhere). */
    public void reserve(String region, CertType type, String number) {
        certificates.add(certificateKey(region, number));
    }

    private static long certificateKey(String region, String number) {
        long body = Long.parseLong(number.substring(0, 17));
        return REGIONS.indexOf(region) * 100_000_000_000_000_000L + body;
    }

    /**
     * The next household of a region with at most {@code room} people (1 or more), its kind drawn by the
     * region's mix (most are employees; Guangzhou has its imported 310-only employees).
     */
    public Household household(String region, int room) {
        if (room < 1) {
            throw new IllegalArgumentException("room for at least one person is needed");
        }
        SplittableRandom r = random(region);
        EnumMap<Kind, Integer> w = weights.computeIfAbsent(region, DemoGenerator::kindMix);
        int total = 0;
        for (Map.Entry<Kind, Integer> e : w.entrySet()) {
            if (e.getKey() != Kind.COUPLE || room >= 2) {
                total += e.getValue();
            }
        }
        int x = r.nextInt(total);
        Kind kind = Kind.EMPLOYEE;
        for (Map.Entry<Kind, Integer> e : w.entrySet()) {
            if (e.getKey() == Kind.COUPLE && room < 2) {
                continue;
            }
            x -= e.getValue();
            if (x < 0) {
                kind = e.getKey();
                break;
            }
        }
        return household(region, kind);
    }

    /** The mix of kinds of a region, per mille. */
    private static EnumMap<Kind, Integer> kindMix(String region) {
        EnumMap<Kind, Integer> w = new EnumMap<>(Kind.class);
        w.put(Kind.EMPLOYEE, 560);
        w.put(Kind.TRANSFERRED, 150);
        w.put(Kind.LEFT, 110);
        w.put(Kind.FLEXIBLE, 100);
        w.put(Kind.COUPLE, 40);
        w.put(Kind.PERMIT_HOLDER, region.startsWith("44") ? 20 : 10);
        w.put(Kind.LEGACY, region.equals("440100") ? 30 : 0);
        return w;
    }

    /** The next household of a region of the given kind (a couple becomes an employee where spouses are not covered). */
    public Household household(String region, Kind kind) {
        City city = city(region);
        SplittableRandom r = random(region);
        List<Employer> pool = pools.get(region);
        if (pool == null || pool.isEmpty()) {
            throw new IllegalStateException("generate the employers of " + region + " first");
        }
        switch (kind) {
            case FLEXIBLE -> {
                String sex = sex(r);
                LocalDate birth = birth(r, sex);
                LocalDate from = between(r, max(LocalDate.of(2008, 1, 1), birth.plusYears(18)), LATEST.minusDays(30));
                LocalDate to = null;
                if (r.nextInt(5) == 0 && from.isBefore(LATEST.minusDays(MIN_JOB_DAYS))) {
                    to = between(r, from.plusDays(90), LATEST.minusDays(1));
                }
                Person p = person(r, city, CertType.RESIDENT_ID, sex, birth, List.of(), false, from, to,
                        to == null ? null : "停保 / stopped");
                return new Household(kind, p, null, null);
            }
            case LEGACY -> {
                String sex = sex(r);
                LocalDate birth = LocalDate.of(1965 + r.nextInt(26), 1, 1).plusDays(r.nextInt(365));
                LocalDate merger = merger(region);
                LocalDate start = between(r, earliestStart(birth), merger.minusDays(1));
                List<Job> jobs = career(r, pool, start, 1, null, null);
                return new Household(kind, person(r, city, CertType.RESIDENT_ID, sex, birth, jobs, true, null, null,
                        null), null, null);
            }
            case COUPLE -> {
                LocalDate birth = LocalDate.of(1975 + r.nextInt(21), 1, 1).plusDays(r.nextInt(365));
                LocalDate start = between(r, max(EARLIEST_ENROLLMENT, birth.plusYears(20)), LATEST.minusYears(1));
                List<Job> jobs = career(r, pool, start, 1, null, null);
                Person husband = person(r, city, CertType.RESIDENT_ID, "M", birth, jobs, false, null, null, null);
                LocalDate from = between(r, max(start, rulesFrom(region)), LATEST.minusDays(30));
                if (!spousesCovered(region, from)) {
                    return new Household(Kind.EMPLOYEE, husband, null, null);
                }
                int year = Math.max(1980, Math.min(2000, birth.getYear() + r.nextInt(9) - 2));
                LocalDate wifeBirth = LocalDate.of(year, 1, 1).plusDays(r.nextInt(365));
                Person wife = person(r, city, CertType.RESIDENT_ID, "F", wifeBirth, List.of(), false, null, null, null);
                return new Household(kind, husband, wife, from);
            }
            case PERMIT_HOLDER -> {
                String sex = sex(r);
                LocalDate birth = LocalDate.of(1970 + r.nextInt(31), 1, 1).plusDays(r.nextInt(365));
                LocalDate start = between(r, earliestStart(birth), LATEST.minusDays(30));
                CertType type = r.nextInt(100) < 35 ? CertType.TAIWAN_RESIDENCE : CertType.HK_MACAO_RESIDENCE;
                return new Household(kind, person(r, city, type, sex, birth, career(r, pool, start, 1, null, null), false,
                        null, null, null), null, null);
            }
            default -> {
                String sex = sex(r);
                LocalDate birth = birth(r, sex);
                LocalDate earliest = earliestStart(birth);
                List<Job> jobs;
                Kind actual = kind;
                if (kind == Kind.TRANSFERRED && earliest.isBefore(LATEST.minusYears(2))) {
                    LocalDate start = between(r, earliest, LATEST.minusYears(2));
                    jobs = career(r, pool, start, r.nextInt(3) == 0 ? 3 : 2, null, null);
                } else if (kind == Kind.LEFT && earliest.isBefore(LATEST.minusDays(2L * MIN_JOB_DAYS))) {
                    LocalDate start = between(r, earliest, LATEST.minusDays(2L * MIN_JOB_DAYS));
                    LocalDate end = between(r, start.plusDays(MIN_JOB_DAYS), LATEST.minusDays(1));
                    jobs = career(r, pool, start, r.nextInt(4) == 0 ? 2 : 1, end, "离职 / left the employer");
                } else {
                    actual = Kind.EMPLOYEE;
                    jobs = career(r, pool, between(r, earliest, LATEST.minusDays(30)), 1, null, null);
                }
                if (actual == Kind.TRANSFERRED && jobs.size() < 2) {
                    actual = Kind.EMPLOYEE;
                }
                return new Household(actual, person(r, city, CertType.RESIDENT_ID, sex, birth, jobs, false, null, null,
                        null), null, null);
            }
        }
    }

    /**
     * A career of {@code count} consecutive jobs from {@code first}: each later job starts the day after the one
     * before ends; the last ends on {@code lastEnd} (null = still there). Each employer was registered when the job
     * started and not cancelled while it lasted; consecutive jobs are with different employers. When the pool
     * cannot give that, the career is one job with the anchor employer.
     */
    private List<Job> career(SplittableRandom r, List<Employer> pool, LocalDate first, int count, LocalDate lastEnd,
            String lastReason) {
        LocalDate limit = lastEnd != null ? lastEnd : LATEST;
        List<LocalDate> starts = new ArrayList<>(List.of(first));
        for (int i = 1; i < count; i++) {
            LocalDate from = starts.get(i - 1).plusDays(MIN_JOB_DAYS);
            LocalDate to = limit.minusDays((long) MIN_JOB_DAYS * (count - i));
            if (to.isBefore(from)) {
                break;
            }
            starts.add(between(r, from, to));
        }
        List<Job> jobs = new ArrayList<>();
        String previous = null;
        for (int i = 0; i < starts.size(); i++) {
            boolean last = i == starts.size() - 1;
            LocalDate end = last ? lastEnd : starts.get(i + 1).minusDays(1);
            Employer e = pickEmployer(r, pool, starts.get(i), end, previous);
            if (e == null) {
                return List.of(new Job(pool.get(0).uscc(), first, lastEnd, lastEnd == null ? null : lastReason));
            }
            jobs.add(new Job(e.uscc(), starts.get(i), end, null));
            previous = e.uscc();
        }
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            String reason = i < jobs.size() - 1 ? "转移至 " + jobs.get(i + 1).employerUscc()
                    : lastEnd == null ? null : lastReason;
            jobs.set(i, new Job(j.employerUscc(), j.start(), j.end(), reason));
        }
        return jobs;
    }

    /** An employer registered by {@code start} and not cancelled by {@code end}, bigger ones (early in the pool) more often. */
    private static Employer pickEmployer(SplittableRandom r, List<Employer> pool, LocalDate start, LocalDate end,
            String not) {
        for (int t = 0; t < 16; t++) {
            int u = r.nextInt(1 << 15);
            int i = (int) ((long) pool.size() * u * u >>> 30);
            Employer e = pool.get(i);
            if (fits(e, start, end, not)) {
                return e;
            }
        }
        int s = r.nextInt(pool.size());
        for (int k = 0; k < pool.size(); k++) {
            Employer e = pool.get((s + k) % pool.size());
            if (fits(e, start, end, not)) {
                return e;
            }
        }
        return null;
    }

    private static boolean fits(Employer e, LocalDate start, LocalDate end, String not) {
        return !e.activeFrom().isAfter(start) && !e.uscc().equals(not)
                && (e.cancelledFrom() == null || end != null && end.isBefore(e.cancelledFrom()));
    }

    private Person person(SplittableRandom r, City city, CertType type, String sex, LocalDate birth, List<Job> jobs,
            boolean legacy, LocalDate flexibleStart, LocalDate flexibleEnd, String flexibleEndReason) {
        String number = certificate(r, city, type, sex, birth);
        return new Person(city.code(), type, number, personName(r, city, sex), sex, birth, mobile(r), jobs, legacy,
                flexibleStart, flexibleEnd, flexibleEndReason);
    }

    /** A certificate number not generated before: address code, birth date, sequence (odd for men), check. */
    private String certificate(SplittableRandom r, City city, CertType type, String sex, LocalDate birth) {
        int y = birth.getYear();
        int md = birth.getMonthValue() * 100 + birth.getDayOfMonth();
        String date = y + (md < 1000 ? "0" : "") + md;
        while (true) {
            String prefix = switch (type) {
                case HK_MACAO_RESIDENCE -> r.nextInt(100) < 77 ? "810000" : "820000";
                case TAIWAN_RESIDENCE -> "830000";
                default -> r.nextInt(1000) < city.migrantPerMille() ? pick(r, city.migrantPrefixes())
                        : pick(r, city.districts()).code();
            };
            int order = r.nextInt(100) * 10 + 2 * r.nextInt(5) + ("M".equals(sex) ? 1 : 0);
            String number = idWithCheck(prefix + date + (order < 10 ? "00" : order < 100 ? "0" : "") + order);
            if (certificates.add(certificateKey(city.code(), number))) {
                if (certificates.size() % CHECK_EVERY == 1) {
                    requireValid(Identifiers.certificate(type, number, LATEST), number);
                }
                return number;
            }
        }
    }

    private static String sex(SplittableRandom r) {
        return r.nextInt(100) < 50 ? "F" : "M";
    }

    /**
     * A birth date from 1965 to 2004. Women of child-bearing age are well represented: more than half of the
     * women are born from 1985 to 2000.
     */
    private static LocalDate birth(SplittableRandom r, String sex) {
        int year = "F".equals(sex) && r.nextInt(100) < 55 ? 1985 + r.nextInt(16) : 1965 + r.nextInt(40);
        return LocalDate.of(year, 1, 1).plusDays(r.nextInt(LocalDate.of(year, 1, 1).lengthOfYear()));
    }

    private static LocalDate earliestStart(LocalDate birth) {
        return max(EARLIEST_ENROLLMENT, birth.plusYears(18));
    }

    /** Cumulative surname weights, nationally and in Guangdong. */
    private static final int[] SURNAME_CUMULATIVE = cumulative(false);
    private static final int[] SURNAME_CUMULATIVE_GUANGDONG = cumulative(true);

    private static int[] cumulative(boolean canton) {
        if (SURNAME_WEIGHTS.length != SURNAMES.length) {
            throw new IllegalStateException("one weight per surname");
        }
        int[] c = new int[SURNAMES.length];
        int sum = 0;
        for (int i = 0; i < SURNAMES.length; i++) {
            sum += canton && CANTONESE.contains(SURNAMES[i]) ? 2 * SURNAME_WEIGHTS[i] : SURNAME_WEIGHTS[i];
            c[i] = sum;
        }
        return c;
    }

    private static String surname(SplittableRandom r, City city) {
        int[] c = city.code().startsWith("44") ? SURNAME_CUMULATIVE_GUANGDONG : SURNAME_CUMULATIVE;
        int x = r.nextInt(c[c.length - 1]);
        int i = Arrays.binarySearch(c, x + 1);
        return SURNAMES[i >= 0 ? i : -i - 1];
    }

    private static String personName(SplittableRandom r, City city, String sex) {
        if (city.code().equals("152501") && r.nextInt(100) < 30) {
            return pick(r, "F".equals(sex) ? MONGOLIAN_FEMALE : MONGOLIAN_MALE);
        }
        String chars = "F".equals(sex) ? FEMALE : MALE;
        String given;
        if (r.nextInt(100) < 75) {
            String firstChars = chars + EITHER;
            char a = firstChars.charAt(r.nextInt(firstChars.length()));
            char b;
            do {
                b = chars.charAt(r.nextInt(chars.length()));
            } while (b == a);
            given = "" + a + b;
        } else {
            given = String.valueOf(chars.charAt(r.nextInt(chars.length())));
        }
        return surname(r, city) + given;
    }

    private static String mobile(SplittableRandom r) {
        StringBuilder b = new StringBuilder(pick(r, MOBILE_PREFIXES));
        while (b.length() < 11) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------ the law it follows

    /** The region's merger date (from the policy parameters). */
    LocalDate merger(String region) {
        return mergers.computeIfAbsent(region, r -> policy.at(r, LATEST).get("merger.date").date());
    }

    private LocalDate rulesFrom(String region) {
        return policy.jurisdiction(region).map(Jurisdiction::rulesFrom).orElseThrow();
    }

    /** Whether the region covers unemployed spouses on a date ({@code maternity.spouse.medical_covered}). */
    boolean spousesCovered(String region, LocalDate date) {
        return policy.at(region, max(date, rulesFrom(region))).get("maternity.spouse.medical_covered").bool();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static <T> T pick(SplittableRandom r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    /** A date from {@code a} to {@code b}, both inclusive ({@code a} when {@code b} is earlier). */
    private static LocalDate between(SplittableRandom r, LocalDate a, LocalDate b) {
        long days = b.toEpochDay() - a.toEpochDay();
        return days <= 0 ? a : a.plusDays(r.nextLong(days + 1));
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    /** A set of positive longs by open addressing: a million certificate keys in a few megabytes. */
    static final class LongSet {
        private long[] table = new long[1 << 12];
        private int size;

        /** Adds a key (never 0); false when it was there already. */
        boolean add(long key) {
            if ((size + 1) * 2 > table.length) {
                grow();
            }
            if (insert(table, key)) {
                size++;
                return true;
            }
            return false;
        }

        int size() {
            return size;
        }

        boolean contains(long key) {
            int mask = table.length - 1;
            int i = (int) mix(key) & mask;
            while (table[i] != 0) {
                if (table[i] == key) {
                    return true;
                }
                i = (i + 1) & mask;
            }
            return false;
        }

        private static boolean insert(long[] t, long key) {
            int mask = t.length - 1;
            int i = (int) mix(key) & mask;
            while (t[i] != 0) {
                if (t[i] == key) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            t[i] = key;
            return true;
        }

        private void grow() {
            long[] bigger = new long[table.length * 2];
            for (long k : table) {
                if (k != 0) {
                    insert(bigger, k);
                }
            }
            table = bigger;
        }
    }
}
