package cn.liangxian.collection;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.security.pii.BlindIndex;
import cn.liangxian.security.pii.PersonalDataCipher;

/**
 * A bulk loader of insured people for the assessment benchmark ({@code bench assessment --generate=N}): N people
 * with valid, encrypted citizen numbers and names (blind-indexed as the registry does), one employer per twenty
 * employees, 310 and 510 coverage from a start date, one flexible worker in twenty, and a wage-base declaration per
 * employer covering nine in ten of its employees (the rest are undeclared). Everything by COPY, in chunks.
 *
 * <p>A stand-in until the demo generator ({@code cn.liangxian.demo.DemoBulkWriter}) provides populations of this
 * size; the benchmark then calls that instead.
 */
final class BenchPopulation {

    static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static final int[] USCC_WEIGHTS = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
    static final int[] ID_WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    static final String[] SURNAMES = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周" };
    static final String[] GIVEN = { "芳", "伟", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳" };
    static final int CHUNK = 20_000;

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;
    private final BlindIndex index;

    BenchPopulation(DataSource dataSource, JdbcClient jdbc, PersonalDataCipher cipher, BlindIndex index) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.index = index;
    }

    /** Loads {@code n} people into the region, covered from {@code from}, declared for {@code year}. */
    void generate(String region, int n, LocalDate from, int year, BigDecimal floor, BigDecimal ceiling, PrintStream out)
            throws SQLException, IOException {
        long t0 = System.nanoTime();
        // a start that no earlier load used: numbers and codes derive from it
        long seed = jdbc.sql("select coalesce(max(id), 0) from person").query(Long.class).single() + 1;
        int employers = Math.max(1, n / 20);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            // employers, active from the start date
            StringBuilder emp = new StringBuilder();
            StringBuilder status = new StringBuilder();
            List<String> codes = new ArrayList<>(employers);
            for (int i = 0; i < employers; i++) {
                String code = uscc(region, seed + i);
                codes.add(code);
                emp.append(region).append('\t').append(code).append('\t').append("核定基准单位").append(seed + i)
                        .append("\tENTERPRISE\n");
                status.append(region).append('\t').append(code).append("\tACTIVE\t").append(from)
                        .append("\tbench\tbench\n");
            }
            copy.copyIn("copy employer (region_code, uscc, name, employer_type) from stdin", new StringReader(emp.toString()));
            copy.copyIn("copy employer_status (region_code, uscc, status, valid_from, reason, recorded_by) from stdin",
                    new StringReader(status.toString()));
            out.printf(Locale.ROOT, "  generated %,d employers%n", employers);

            long firstId = -1;
            for (int start = 0; start < n; start += CHUNK) {
                int end = Math.min(n, start + CHUNK);
                long before = jdbc.sql("select coalesce(max(id), 0) from person").query(Long.class).single();
                StringBuilder people = new StringBuilder((end - start) * 220);
                for (int i = start; i < end; i++) {
                    String id = citizenId(region, seed + i);
                    String name = SURNAMES[(int) ((seed + i) % 10)] + GIVEN[(int) ((seed + i) / 10 % 10)];
                    boolean male = (id.charAt(16) - '0') % 2 == 1;
                    people.append(region).append("\tRESIDENT_ID\t").append(cipher.encrypt(id, "person.id_number"))
                            .append('\t').append(index.of(cn.liangxian.security.pii.Identifiers.CertType.RESIDENT_ID.indexKind(), id)).append('\t')
                            .append(cipher.encrypt(name, "person.name")).append('\t').append(index.of("name", name))
                            .append('\t').append(male ? 'M' : 'F').append('\t').append(birth(id)).append('\n');
                }
                copy.copyIn("copy person (region_code, cert_type, id_number_enc, id_number_index, name_enc, name_index, "
                        + "sex, birth_date) from stdin", new StringReader(people.toString()));
                List<Long> ids = jdbc.sql("select id from person where id > ? order by id").param(before)
                        .query(Long.class).list();
                if (firstId < 0) {
                    firstId = ids.get(0);
                }
                StringBuilder cov = new StringBuilder((end - start) * 120);
                for (int k = 0; k < ids.size(); k++) {
                    int i = start + k;
                    long pid = ids.get(k);
                    if (i % 20 == 19) {
                        cov.append(region).append('\t').append(pid).append("\t310\tFLEXIBLE\t\\N\t").append(from)
                                .append("\tENROLLMENT\tbench\n");
                    } else {
                        String e = codes.get(i % employers);
                        for (String type : new String[] { "310", "510" }) {
                            cov.append(region).append('\t').append(pid).append('\t').append(type).append("\tEMPLOYEE\t")
                                    .append(e).append('\t').append(from).append("\tENROLLMENT\tbench\n");
                        }
                    }
                }
                copy.copyIn("copy coverage (region_code, person_id, insurance_type, basis, employer_uscc, start_date, "
                        + "source, created_by) from stdin", new StringReader(cov.toString()));
                out.printf(Locale.ROOT, "  generated %,d people (%.0f s)%n", end, (System.nanoTime() - t0) / 1e9);
            }
            // one declaration per employer; nine in ten of its employees declared, wages 2,000–40,000
            jdbc.sql("""
                    insert into wage_declaration (region_code, contrib_year, employer_uscc, channel, line_count, created_by)
                    select region_code, ?, uscc, 'API', 1, 'bench' from employer
                     where region_code = ? and uscc = any(?::text[])""")
                    .params(year, region, "{" + String.join(",", codes) + "}").update();
            jdbc.sql("""
                    insert into wage_base (region_code, contrib_year, person_id, payer, seq, declaration_id, declared_wage,
                                           base, clamp)
                    select c.region_code, ?, c.person_id, c.employer_uscc, 1, d.id, w.wage,
                           greatest(least(w.wage, ?), ?),
                           case when w.wage < ? then 'L' when w.wage > ? then 'H' else 'W' end
                      from coverage c
                      join wage_declaration d on d.region_code = c.region_code and d.employer_uscc = c.employer_uscc
                                             and d.contrib_year = ? and d.created_by = 'bench'
                      cross join lateral (select round(2000 + (c.person_id * 7919 % 3800000) / 100.0, 2) as wage) w
                     where c.region_code = ? and c.insurance_type = '310' and c.basis = 'EMPLOYEE'
                       and c.created_by = 'bench' and c.person_id >= ? and c.person_id % 10 <> 0""")
                    .params(year, ceiling, floor, floor, ceiling, year, region, firstId).update();
        }
        jdbc.sql("analyze person").update();
        jdbc.sql("analyze coverage").update();
        jdbc.sql("analyze wage_base").update();
        out.printf(Locale.ROOT, "  generated %,d people in %.0f s%n", n, (System.nanoTime() - t0) / 1e9);
    }

    /** A valid unified social credit code (GB 32100) of an enterprise in the region, from a number. */
    static String uscc(String region, long k) {
        String body = "91" + region + String.format("%09d", 900_000_000L + k % 100_000_000L);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += USCC_CHARS.indexOf(body.charAt(i)) * USCC_WEIGHTS[i];
        }
        return body + USCC_CHARS.charAt((31 - sum % 31) % 31);
    }

    /** A valid citizen number (GB 11643) with the region's prefix, from a number: birth date and sequence vary. */
    static String citizenId(String region, long k) {
        LocalDate birth = LocalDate.of(1960, 1, 1).plusDays(k / 1000 % 16_000);
        String body = region + birth.toString().replace("-", "") + String.format("%03d", k % 1000);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    private static String birth(String id) {
        return id.substring(6, 10) + "-" + id.substring(10, 12) + "-" + id.substring(12, 14);
    }
}
