package cn.liangxian.fund;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import cn.liangxian.policy.PolicyYaml;

/**
 * The books and charts of accounts of the regions, loaded from {@code fund/chart-of-accounts.yaml} when the
 * server starts (idempotent: existing books and accounts keep what they are; only names follow the file), and
 * read through a cache. Any region can be set up with the standard chart ({@link #setUp(String)}).
 */
@Component
class ChartOfAccounts {

    static final String RESOURCE = "fund/chart-of-accounts.yaml";
    private static final Logger log = LoggerFactory.getLogger(ChartOfAccounts.class);

    /** One account of the standard chart, with the kinds of books that have it. */
    record StandardAccount(String code, String zh, String en, AccountClass accountClass, Account.Origin origin,
            List<FundKind> funds, Map<FundKind, String[]> names) {

        String zhFor(FundKind f) {
            return names.containsKey(f) ? names.get(f)[0] : zh;
        }

        String enFor(FundKind f) {
            return names.containsKey(f) ? names.get(f)[1] : en;
        }
    }

    record StandardBook(String code, FundKind fund, String zh, String en) {
    }

    /** The parsed file: the books every region gets, the district book pattern, the regions and the accounts. */
    record Standard(List<StandardBook> books, FundKind districtFund, String districtZh, String districtEn,
            Map<String, Map<String, String>> regions, List<StandardAccount> accounts) {
    }

    private final JdbcClient jdbc;
    private final Standard standard;
    private final Map<String, Map<String, Book>> books = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Account>> accounts = new ConcurrentHashMap<>();

    ChartOfAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.standard = parse(PolicyYaml.load(ChartOfAccounts.class.getClassLoader(), RESOURCE));
    }

    Standard standard() {
        return standard;
    }

    /** Loads the chart of every region of the file when the server (not a command) starts. */
    @EventListener(ApplicationStartedEvent.class)
    void onStarted(ApplicationStartedEvent e) {
        String command = e.getApplicationContext().getEnvironment().getProperty("liangxian.command");
        if (command == null || command.equals("serve")) {
            loadAll();
        }
    }

    /** Sets up every region listed in the file. */
    void loadAll() {
        for (String region : standard.regions().keySet()) {
            setUp(region);
        }
        log.info("Fund chart of accounts loaded for {} regions", standard.regions().size());
    }

    /**
     * Sets up a region's books (the standard three, plus one legacy book per district the file lists for it),
     * their accounts and the sequence of the region's entry numbers. Idempotent.
     */
    void setUp(String region) {
        setUp(region, standard.regions().getOrDefault(region, Map.of()));
    }

    /**
     * Sets up a region with the standard books and one legacy book per district given (code → name), for a
     * region the file does not list (a new pooling region, a test region). Idempotent.
     */
    void setUp(String region, Map<String, String> districts) {
        if (region == null || !region.matches("[0-9]{6}")) {
            throw new IllegalArgumentException("not a region code: " + region);
        }
        List<Book> wanted = new ArrayList<>();
        for (StandardBook b : standard.books()) {
            wanted.add(new Book(region, b.code(), b.fund(), null, b.zh(), b.en(), null));
        }
        for (Map.Entry<String, String> d : districts.entrySet()) {
            wanted.add(new Book(region, Book.maternityOfDistrict(d.getKey()), standard.districtFund(), d.getKey(),
                    MessageFormat.format(standard.districtZh(), d.getKey(), d.getValue()),
                    MessageFormat.format(standard.districtEn(), d.getKey(), d.getValue()), null));
        }
        for (Book b : wanted) {
            jdbc.sql("""
                    insert into fund_book (region_code, code, fund, district_code, name_zh, name_en)
                    values (?, ?, ?, ?, ?, ?)
                    on conflict (region_code, code) do update set name_zh = excluded.name_zh, name_en = excluded.name_en
                    where (fund_book.name_zh, fund_book.name_en) is distinct from (excluded.name_zh, excluded.name_en)""")
                    .params(region, b.code(), b.fund().name(), b.districtCode(), b.nameZh(), b.nameEn()).update();
            // parents come before their children in the file, so one statement in file order satisfies the keys
            List<StandardAccount> chart = standard.accounts().stream().filter(a -> a.funds().contains(b.fund()))
                    .toList();
            List<Object> params = new ArrayList<>();
            StringBuilder values = new StringBuilder();
            for (StandardAccount a : chart) {
                String parent = parentOf(a.code(), b.fund());
                boolean postable = chart.stream().noneMatch(c -> parentOf(c.code(), b.fund()).equals(a.code()));
                values.append(values.length() == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                params.addAll(java.util.Arrays.asList(region, b.code(), a.code(), a.zhFor(b.fund()), a.enFor(b.fund()),
                        a.accountClass().name(), a.accountClass().normalSide().name(), parent.isEmpty() ? null : parent,
                        postable, a.origin().name()));
            }
            jdbc.sql("""
                    insert into fund_account (region_code, book_code, code, name_zh, name_en, account_class,
                                              normal_side, parent_code, postable, origin)
                    values %s
                    on conflict (region_code, book_code, code) do update
                       set name_zh = excluded.name_zh, name_en = excluded.name_en
                     where (fund_account.name_zh, fund_account.name_en)
                           is distinct from (excluded.name_zh, excluded.name_en)""".formatted(values))
                    .params(params).update();
        }
        jdbc.sql("create sequence if not exists " + JdbcPostings.sequence(region) + " as bigint").update();
        forget(region);
    }

    /** The nearest account of the book's chart whose code is a prefix of {@code code}, or "" at the top. */
    private String parentOf(String code, FundKind fund) {
        String best = "";
        for (StandardAccount a : standard.accounts()) {
            if (a.funds().contains(fund) && !a.code().equals(code) && code.startsWith(a.code())
                    && a.code().length() > best.length()) {
                best = a.code();
            }
        }
        return best;
    }

    /** Drops what the cache holds of a region (after its books or chart changed). */
    void forget(String region) {
        books.remove(region);
        accounts.keySet().removeIf(k -> k.startsWith(region + "/"));
    }

    /** The region's books, by code; empty when the region has no ledger. */
    Map<String, Book> books(String region) {
        Map<String, Book> cached = books.get(region);
        if (cached != null) {
            return cached;
        }
        Map<String, Book> m = new LinkedHashMap<>();
        jdbc.sql("select * from fund_book where region_code = ? order by district_code nulls first, code").param(region)
                .query((rs, i) -> new Book(rs.getString("region_code"), rs.getString("code"),
                        FundKind.valueOf(rs.getString("fund")), rs.getString("district_code"), rs.getString("name_zh"),
                        rs.getString("name_en"), rs.getObject("closed_on", java.time.LocalDate.class)))
                .list().forEach(b -> m.put(b.code(), b));
        if (m.isEmpty()) {
            return Map.of(); // not cached: the region may be set up later, by another process too
        }
        Map<String, Book> loaded = java.util.Collections.unmodifiableMap(m);
        books.put(region, loaded);
        return loaded;
    }

    /**
     * The name of a district of the region: from the file for the regions it lists, else read back from the
     * district book's name (which the file's pattern wrote); the code when neither says.
     */
    String districtName(String region, String district) {
        String listed = standard.regions().getOrDefault(region, Map.of()).get(district);
        if (listed != null) {
            return listed;
        }
        Book b = books(region).get(Book.maternityOfDistrict(district));
        if (b != null) {
            try {
                Object[] parts = new MessageFormat(standard.districtZh()).parse(b.nameZh());
                if (parts.length > 1 && parts[1] != null) {
                    return parts[1].toString();
                }
            } catch (java.text.ParseException e) {
                // a renamed book: fall back to the code
            }
        }
        return district;
    }

    Optional<Book> book(String region, String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(books(region).get(code));
    }

    /** The accounts of a book in code order. */
    Collection<Account> accounts(String region, String book) {
        return chart(region, book).values();
    }

    Optional<Account> account(String region, String book, String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(chart(region, book).get(code));
    }

    /** The codes of the postable accounts at or under {@code code}. */
    List<String> leavesUnder(String region, String book, String code) {
        return chart(region, book).values().stream().filter(Account::postable)
                .filter(a -> a.code().startsWith(code)).map(Account::code).toList();
    }

    private Map<String, Account> chart(String region, String book) {
        String key = region + "/" + book;
        Map<String, Account> cached = accounts.get(key);
        if (cached != null) {
            return cached;
        }
        Map<String, Account> m = new LinkedHashMap<>();
        jdbc.sql("select * from fund_account where region_code = ? and book_code = ? order by code")
                .params(region, book).query(ChartOfAccounts::map).list().forEach(a -> m.put(a.code(), a));
        if (m.isEmpty()) {
            return Map.of();
        }
        Map<String, Account> loaded = java.util.Collections.unmodifiableMap(m);
        accounts.put(key, loaded);
        return loaded;
    }

    static Account map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Account(rs.getString("region_code"), rs.getString("book_code"), rs.getString("code"),
                rs.getString("name_zh"), rs.getString("name_en"), AccountClass.valueOf(rs.getString("account_class")),
                Side.valueOf(rs.getString("normal_side")), rs.getString("parent_code"), rs.getBoolean("postable"),
                Account.Origin.valueOf(rs.getString("origin")));
    }

    // ------------------------------------------------------------------ the file

    @SuppressWarnings("unchecked")
    static Standard parse(Map<String, Object> doc) {
        List<StandardBook> books = new ArrayList<>();
        for (Map<String, Object> b : (List<Map<String, Object>>) doc.get("books")) {
            books.add(new StandardBook(text(b, "code"), FundKind.valueOf(text(b, "fund")), text(b, "zh"), text(b, "en")));
        }
        Map<String, Object> district = (Map<String, Object>) doc.get("districtBook");
        Map<String, Map<String, String>> regions = new LinkedHashMap<>();
        ((Map<String, Object>) doc.get("regions")).forEach((code, v) -> {
            Map<String, String> districts = new LinkedHashMap<>();
            if (v instanceof Map<?, ?> m && m.get("districts") instanceof Map<?, ?> ds) {
                ds.forEach((k, n) -> districts.put(String.valueOf(k), String.valueOf(n)));
            }
            regions.put(code, districts);
        });
        List<StandardAccount> accounts = new ArrayList<>();
        for (Map<String, Object> a : (List<Map<String, Object>>) doc.get("accounts")) {
            List<FundKind> funds = a.get("funds") == null ? List.of(FundKind.values())
                    : ((List<String>) a.get("funds")).stream().map(FundKind::valueOf).toList();
            Map<FundKind, String[]> names = new LinkedHashMap<>();
            if (a.get("names") instanceof Map<?, ?> ns) {
                ns.forEach((f, n) -> {
                    Map<String, Object> zhEn = (Map<String, Object>) n;
                    names.put(FundKind.valueOf(String.valueOf(f)),
                            new String[] { text(zhEn, "zh"), text(zhEn, "en") });
                });
            }
            accounts.add(new StandardAccount(text(a, "code"), text(a, "zh"), text(a, "en"),
                    AccountClass.valueOf(text(a, "class").toUpperCase(Locale.ROOT)),
                    Account.Origin.valueOf(text(a, "origin")), funds, names));
        }
        return new Standard(List.copyOf(books), FundKind.valueOf(text(district, "fund")), text(district, "zh"),
                text(district, "en"), regions, List.copyOf(accounts));
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalStateException(RESOURCE + ": missing " + key + " in " + m);
        }
        return String.valueOf(v);
    }
}
