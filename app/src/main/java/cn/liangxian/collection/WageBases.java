package cn.liangxian.collection;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.policy.Bilingual;
import cn.liangxian.policy.ExplanationStep;
import cn.liangxian.policy.contribution.ContributionKind;
import cn.liangxian.policy.contribution.ContributionSchedule;
import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.pii.BlindIndex;
import cn.liangxian.security.pii.Identifiers.CertType;
import cn.liangxian.web.ApiException;
import cn.liangxian.web.TableFile;

/**
 * Yearly wage-base declarations (缴费基数申报): an employer (its HR, or a clerk on its behalf) declares each
 * employee's monthly wage for a contribution year by uploading a spreadsheet or calling the API; a flexible worker
 * (or a clerk) declares her own. Each wage is clamped by the region's rule with the explanation of the year's first
 * month (the assessment clamps again for every month, so a mid-year change of the band applies from its period). A
 * declaration is all or nothing: a file with any bad row writes nothing and names the rows. A later declaration
 * of the same person adds a newer value; the old one stays.
 */
@Service
public class WageBases {

    /** A declared line: a person by id, or by certificate (and name, which must match the registry). */
    public record Line(Long personId, String certType, String certNumber, String name, BigDecimal monthlyWage) {
    }

    /** A declared wage as clamped, masked, with the explanation. */
    public record Clamped(int row, long personId, String idNumber, String name, BigDecimal declaredWage,
            BigDecimal base, String clamp, String clampZh, String clampEn, BigDecimal floor, BigDecimal ceiling,
            List<ExplanationStep> explanation) {
    }

    public record Declaration(long id, String regionCode, int year, String employerUscc, Long personId,
            String channel, String fileName, int lines, String createdBy, OffsetDateTime createdAt,
            List<Clamped> bases) {
    }

    /** The clamp as people read it. */
    enum ClampText implements Bilingual {
        L("低于下限，按下限", "Below the floor: the floor"), W("在上下限之间，按实", "Within the band"),
        H("高于上限，按上限", "Above the ceiling: the ceiling");

        private final String zh;
        private final String en;

        ClampText(String zh, String en) {
            this.zh = zh;
            this.en = en;
        }

        @Override
        public String zh() {
            return zh;
        }

        @Override
        public String en() {
            return en;
        }
    }

    static final TableFile FILE = new TableFile("COLLECTION_FILE", Map.ofEntries(
            Map.entry("personid", "personId"), Map.entry("人员编号", "personId"), Map.entry("人员id", "personId"),
            Map.entry("certtype", "certType"), Map.entry("证件类型", "certType"),
            Map.entry("certnumber", "certNumber"), Map.entry("idnumber", "certNumber"), Map.entry("证件号码", "certNumber"),
            Map.entry("身份证号码", "certNumber"), Map.entry("公民身份号码", "certNumber"),
            Map.entry("name", "name"), Map.entry("姓名", "name"),
            Map.entry("monthlywage", "monthlyWage"), Map.entry("wage", "monthlyWage"), Map.entry("月工资", "monthlyWage"),
            Map.entry("申报工资", "monthlyWage"), Map.entry("缴费工资", "monthlyWage"), Map.entry("月缴费工资", "monthlyWage"),
            Map.entry("上年度月平均工资", "monthlyWage")),
            List.of("monthlyWage"));

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate template;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final EmployerRegistry employers;
    private final PersonDirectory persons;
    private final BlindIndex index;
    private final Schedules schedules;

    WageBases(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate template, AccessPolicy access, AuditTrail audit, EmployerRegistry employers,
            PersonDirectory persons, BlindIndex index, Schedules schedules) {
        this.jdbc = jdbc;
        this.template = template;
        this.access = access;
        this.audit = audit;
        this.employers = employers;
        this.persons = persons;
        this.index = index;
        this.schedules = schedules;
    }

    // ------------------------------------------------------------------ declaring

    /** An employer's declaration from an uploaded file (xlsx or UTF-8 CSV). */
    @Transactional
    public Declaration upload(LiangxianUser by, String uscc, Integer year, String fileName, byte[] content) {
        String region = employerRegion(by, uscc);
        List<TableFile.RawRow> rows = FILE.read(fileName, content);
        List<Line> lines = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        RowProblems problems = new RowProblems();
        for (TableFile.RawRow r : rows) {
            Long pid = null;
            if (r.get("personId") != null) {
                try {
                    pid = Long.parseLong(r.get("personId"));
                } catch (NumberFormatException e) {
                    problems.add(r.row(), "COLLECTION_PERSON_NOT_FOUND");
                    continue;
                }
            }
            BigDecimal wage;
            try {
                wage = new BigDecimal(r.get("monthlyWage").replace(",", ""));
            } catch (NumberFormatException e) {
                problems.add(r.row(), "COLLECTION_INVALID_WAGE");
                continue;
            }
            lines.add(new Line(pid, r.get("certType"), r.get("certNumber"), r.get("name"), wage));
            numbers.add(r.row());
        }
        boolean xlsx = content.length > 1 && content[0] == 'P' && content[1] == 'K';
        return declare(by, region, uscc, null, CollectionSupport.year(year), lines, numbers, problems,
                xlsx ? "EXCEL" : "CSV", fileName);
    }

    /** An employer's declaration through the API (or a clerk's at the window). */
    @Transactional
    public Declaration declare(LiangxianUser by, String uscc, Integer year, List<Line> lines) {
        String region = employerRegion(by, uscc);
        if (lines == null || lines.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "COLLECTION_FILE_EMPTY");
        }
        List<Integer> numbers = new ArrayList<>();
        for (int i = 1; i <= lines.size(); i++) {
            numbers.add(i);
        }
        return declare(by, region, uscc, null, CollectionSupport.year(year), lines, numbers, new RowProblems(),
                by.role().isAgency() ? "CLERK" : "API", null);
    }

    /** A flexible worker's own declaration: by herself or a clerk of her region. */
    @Transactional
    public Declaration declareFlexible(LiangxianUser by, long personId, Integer year, BigDecimal monthlyWage) {
        PersonDirectory.MaskedPerson p = persons.masked(by, personId);
        if (by.role() != Role.INSURED) {
            access.requireRole(by, CollectionSupport.CLERKS);
        }
        List<Integer> numbers = List.of(1);
        return declare(by, p.regionCode(), null, personId, CollectionSupport.year(year),
                List.of(new Line(personId, null, null, null, monthlyWage)), numbers, new RowProblems(),
                by.role().isAgency() ? "CLERK" : "API", null);
    }

    private Declaration declare(LiangxianUser by, String region, String uscc, Long flexiblePerson, int year,
            List<Line> lines, List<Integer> rowNumbers, RowProblems problems, String channel, String fileName) {
        // who each line is
        Map<String, Long> byIndex = lookUp(region, lines);
        Map<Integer, Long> who = new LinkedHashMap<>();
        Set<Long> seen = new LinkedHashSet<>();
        Map<Integer, BigDecimal> wages = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            int row = rowNumbers.get(i);
            Long pid = l.personId();
            if (pid == null) {
                if (l.certNumber() == null || l.certNumber().isBlank()) {
                    problems.add(row, "COLLECTION_PERSON_REQUIRED");
                    continue;
                }
                Optional<CertType> t = l.certType() == null || l.certType().isBlank() ? Optional.of(CertType.RESIDENT_ID)
                        : Bilingual.parse(CertType.class, l.certType());
                if (t.isEmpty()) {
                    problems.add(row, "COLLECTION_PERSON_NOT_FOUND");
                    continue;
                }
                pid = byIndex.get(key(t.get(), l.certNumber()));
                if (pid == null) {
                    problems.add(row, "COLLECTION_PERSON_NOT_FOUND");
                    continue;
                }
            }
            BigDecimal w = l.monthlyWage();
            if (w == null || w.signum() < 0 || w.stripTrailingZeros().scale() > 2) {
                problems.add(row, "COLLECTION_INVALID_WAGE");
                continue;
            }
            if (!seen.add(pid)) {
                problems.add(row, "COLLECTION_DUPLICATE_PERSON");
                continue;
            }
            who.put(row, pid);
            wages.put(row, w.setScale(2, RoundingMode.UNNECESSARY));
        }
        // each person in the region, covered by this payer in the year, with the name the line gives
        Map<Long, PersonDirectory.RevealedPerson> people = persons.loadAll(who.values()).stream()
                .collect(Collectors.toMap(PersonDirectory.RevealedPerson::id, p -> p));
        Set<Long> covered = coveredInYear(region, uscc, flexiblePerson, year, who.values());
        for (Map.Entry<Integer, Long> e : new ArrayList<>(who.entrySet())) {
            int i = rowNumbers.indexOf(e.getKey());
            PersonDirectory.RevealedPerson p = people.get(e.getValue());
            if (p == null || !p.regionCode().equals(region)) {
                problems.add(e.getKey(), "COLLECTION_PERSON_NOT_FOUND");
            } else if (lines.get(i).name() != null && !lines.get(i).name().isBlank()
                    && !lines.get(i).name().strip().equals(p.name())) {
                problems.add(e.getKey(), "NAME_MISMATCH");
            } else if (!covered.contains(e.getValue())) {
                problems.add(e.getKey(), uscc == null ? "COLLECTION_NOT_FLEXIBLE_IN_YEAR" : "COLLECTION_NOT_EMPLOYEE_IN_YEAR");
            }
        }
        problems.throwIfAny();

        // the band of the year's first month, for the preview and its explanation
        YearMonth first = YearMonth.of(year, 1);
        ContributionSchedule s = schedules.forPeriod(region, first).schedule();
        ContributionKind kind = uscc == null ? ContributionKind.FLEXIBLE : ContributionKind.EMPLOYEE;
        String payer = uscc == null ? CollectionSupport.personPayer(flexiblePerson) : uscc;
        long declarationId = jdbc.sql("""
                insert into wage_declaration (region_code, contrib_year, employer_uscc, person_id, channel, file_name,
                                              line_count, created_by)
                values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(region, year, uscc, flexiblePerson, channel, fileName, who.size(), by.getUsername())
                .query(Long.class).single();
        Map<Long, Integer> seqs = new HashMap<>();
        jdbc.sql("""
                select person_id, max(seq) from wage_base where region_code = ? and contrib_year = ? and payer = ?
                   and person_id = any(?::bigint[]) group by person_id""")
                .params(region, year, payer, array(who.values()))
                .query((rs, i) -> seqs.put(rs.getLong(1), rs.getInt(2))).list();
        List<Object[]> batch = new ArrayList<>();
        List<Clamped> out = new ArrayList<>();
        for (Map.Entry<Integer, Long> e : who.entrySet()) {
            long pid = e.getValue();
            BigDecimal wage = wages.get(e.getKey());
            ContributionSchedule.Clamp c = s.clampOf(wage);
            BigDecimal base = s.clamp(wage);
            batch.add(new Object[] { region, year, pid, payer, seqs.getOrDefault(pid, 0) + 1, declarationId, wage, base,
                    c.code() });
            out.add(clamped(e.getKey(), people.get(pid), wage, s, kind));
        }
        batchInsert(batch);
        audit.record(region, "WAGE_BASES_DECLARED", "wage_declaration", String.valueOf(declarationId), null,
                year + " " + payer + ": " + who.size() + " lines (" + channel + ")");
        Declaration d = load(region, declarationId);
        return new Declaration(d.id(), d.regionCode(), d.year(), d.employerUscc(), d.personId(), d.channel(),
                d.fileName(), d.lines(), d.createdBy(), d.createdAt(), out);
    }

    private void batchInsert(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                insert into wage_base (region_code, contrib_year, person_id, payer, seq, declaration_id, declared_wage,
                                       base, clamp) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
    }

    static Clamped clamped(int row, PersonDirectory.RevealedPerson p, BigDecimal wage, ContributionSchedule s,
            ContributionKind kind) {
        ContributionSchedule.Clamp c = s.clampOf(wage);
        ClampText t = ClampText.valueOf(c.code());
        return new Clamped(row, p.id(), cn.liangxian.security.pii.Masking.idNumber(p.idNumber()),
                cn.liangxian.security.pii.Masking.name(p.name()), wage, s.clamp(wage), c.name(), t.zh(), t.en(),
                s.floor(), s.ceiling(), s.explain(kind, wage, null, true));
    }

    private Map<String, Long> lookUp(String region, List<Line> lines) {
        Map<String, String> keyByIndex = new HashMap<>();
        for (Line l : lines) {
            if (l.personId() == null && l.certNumber() != null && !l.certNumber().isBlank()) {
                CertType t = l.certType() == null || l.certType().isBlank() ? CertType.RESIDENT_ID
                        : Bilingual.parse(CertType.class, l.certType()).orElse(null);
                if (t != null) {
                    keyByIndex.put(index.of(t.indexKind(), normaliseNumber(l.certNumber())), key(t, l.certNumber()));
                }
            }
        }
        Map<String, Long> out = new HashMap<>();
        if (keyByIndex.isEmpty()) {
            return out;
        }
        jdbc.sql("select id, id_number_index from person where region_code = ? and id_number_index = any(?::char(64)[])")
                .params(region, "{" + String.join(",", keyByIndex.keySet()) + "}")
                .query((rs, i) -> out.put(keyByIndex.get(rs.getString(2)), rs.getLong(1))).list();
        return out;
    }

    private static String normaliseNumber(String n) {
        return n.strip().toUpperCase(Locale.ROOT);
    }

    private static String key(CertType t, String number) {
        return t.name() + ":" + normaliseNumber(number);
    }

    /** Of the given people, those covered in 310 by this payer at some time in the year. */
    private Set<Long> coveredInYear(String region, String uscc, Long flexiblePerson, int year,
            java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        LocalDate from = LocalDate.of(year, 1, 1);
        LocalDate to = LocalDate.of(year, 12, 31);
        return new LinkedHashSet<>(jdbc.sql("""
                select distinct person_id from coverage
                 where region_code = ? and insurance_type = '310' and person_id = any(?::bigint[])
                   and start_date <= ? and (end_date is null or end_date >= ?)
                   and ((?::text is null and basis = 'FLEXIBLE') or (basis = 'EMPLOYEE' and employer_uscc = ?::text))""")
                .params(region, array(ids), to, from, uscc, uscc).query(Long.class).list());
    }

    static String array(java.util.Collection<Long> ids) {
        return "{" + ids.stream().map(String::valueOf).collect(Collectors.joining(",")) + "}";
    }

    private String employerRegion(LiangxianUser by, String uscc) {
        String code = uscc == null ? "" : uscc.strip().toUpperCase(Locale.ROOT);
        String region = employers.regionOf(code).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        if (by.role() == Role.EMPLOYER_HR) {
            access.requireVisible(by, new AccessPolicy.Owner(region, code, null, null));
        } else {
            access.requireRole(by, CollectionSupport.CLERKS);
            access.requireVisible(by, AccessPolicy.Owner.region(region));
        }
        return region;
    }

    // ------------------------------------------------------------------ reading

    /** The declarations of an employer (its HR, or agency readers of its region), newest first. */
    public List<Declaration> declarations(LiangxianUser viewer, String uscc, Integer year) {
        String code = uscc == null ? "" : uscc.strip().toUpperCase(Locale.ROOT);
        String region = employers.regionOf(code).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        if (viewer.role() == Role.EMPLOYER_HR) {
            access.requireVisible(viewer, new AccessPolicy.Owner(region, code, null, null));
        } else {
            access.requireRole(viewer, CollectionSupport.READERS);
            access.requireVisible(viewer, AccessPolicy.Owner.region(region));
        }
        return jdbc.sql("""
                select * from wage_declaration where region_code = ? and employer_uscc = ?
                   and (?::integer is null or contrib_year = ?::integer) order by id desc""")
                .params(region, code, year, year).query(WageBases::declaration).list();
    }

    /** A region's declarations of a year (agency readers), newest first, at most {@code limit}. */
    public List<Declaration> regionDeclarations(LiangxianUser viewer, String region, Integer year, int limit) {
        access.requireRole(viewer, CollectionSupport.READERS);
        access.requireVisible(viewer, AccessPolicy.Owner.region(region));
        return jdbc.sql("""
                select * from wage_declaration where region_code = ? and (?::integer is null or contrib_year = ?::integer)
                 order by id desc limit ?""")
                .params(region, year, year, limit).query(WageBases::declaration).list();
    }

    /** One declaration with its lines, clamped and explained (masked). */
    public Declaration declaration(LiangxianUser viewer, String region, long id) {
        Declaration d = load(region, id);
        if (viewer.role() == Role.EMPLOYER_HR) {
            access.requireVisible(viewer, new AccessPolicy.Owner(region, d.employerUscc(), null, null));
        } else if (viewer.role() == Role.INSURED) {
            access.requireVisible(viewer, new AccessPolicy.Owner(region, null, d.personId(), null));
        } else {
            access.requireRole(viewer, CollectionSupport.READERS);
            access.requireVisible(viewer, AccessPolicy.Owner.region(region));
        }
        List<Object[]> lines = jdbc.sql("""
                select person_id, declared_wage from wage_base where region_code = ? and declaration_id = ?
                 order by person_id""").params(region, id)
                .query((rs, i) -> new Object[] { rs.getLong(1), rs.getBigDecimal(2) }).list();
        Map<Long, PersonDirectory.RevealedPerson> people = persons.loadAll(lines.stream().map(l -> (Long) l[0]).toList())
                .stream().collect(Collectors.toMap(PersonDirectory.RevealedPerson::id, p -> p));
        ContributionSchedule s = schedules.forPeriod(region, YearMonth.of(d.year(), 1)).schedule();
        ContributionKind kind = d.employerUscc() == null ? ContributionKind.FLEXIBLE : ContributionKind.EMPLOYEE;
        List<Clamped> out = new ArrayList<>();
        int row = 0;
        for (Object[] l : lines) {
            out.add(clamped(++row, people.get((Long) l[0]), (BigDecimal) l[1], s, kind));
        }
        return new Declaration(d.id(), d.regionCode(), d.year(), d.employerUscc(), d.personId(), d.channel(),
                d.fileName(), d.lines(), d.createdBy(), d.createdAt(), out);
    }

    private Declaration load(String region, long id) {
        return jdbc.sql("select * from wage_declaration where region_code = ? and id = ?").params(region, id)
                .query(WageBases::declaration).optional()
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
    }

    private static Declaration declaration(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Declaration(rs.getLong("id"), rs.getString("region_code"), rs.getInt("contrib_year"),
                rs.getString("employer_uscc"), rs.getObject("person_id", Long.class), rs.getString("channel"),
                rs.getString("file_name"), rs.getInt("line_count"), rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class), List.of());
    }

    /**
     * The monthly wages an employer declared for its employees for a contribution year, each employee's latest
     * declaration: how many employees and their sum. A declaration for a year states each employee's average
     * monthly wage of the year before, so this is what a benefit paid at the employer's prior-year average monthly
     * wage reads (no access check: the caller checks it).
     */
    public record EmployerWages(String regionCode, String uscc, int year, int employees, BigDecimal total) {
    }

    public Optional<EmployerWages> employerWages(String region, String uscc, int year) {
        return jdbc.sql("""
                select count(*) as n, sum(declared_wage) as total from (
                  select distinct on (person_id) declared_wage from wage_base
                   where region_code = ? and contrib_year = ? and payer = ? order by person_id, seq desc) t""")
                .params(region, year, uscc)
                .query((rs, i) -> new EmployerWages(region, uscc, year, rs.getInt("n"), rs.getBigDecimal("total")))
                .optional().filter(w -> w.employees() > 0);
    }

    /** One person's latest declared monthly wage for a year with a payer, if declared (no access check). */
    public Optional<BigDecimal> declaredWage(String region, long personId, String payer, int year) {
        return jdbc.sql("""
                select declared_wage from wage_base where region_code = ? and contrib_year = ? and person_id = ?
                   and payer = ? order by seq desc limit 1""")
                .params(region, year, personId, payer).query(BigDecimal.class).optional();
    }

    /** Employers of a region with employees covered in 310 during a year but no declaration for it. */
    public record Undeclared(String uscc, int employees, LocalDate firstCovered) {
    }

    List<Undeclared> employersWithoutDeclaration(String region, int year) {
        LocalDate from = LocalDate.of(year, 1, 1);
        LocalDate to = LocalDate.of(year, 12, 31);
        return jdbc.sql("""
                select c.employer_uscc, count(distinct c.person_id), min(greatest(c.start_date, ?))
                  from coverage c
                 where c.region_code = ? and c.insurance_type = '310' and c.basis = 'EMPLOYEE'
                   and c.start_date <= ? and (c.end_date is null or c.end_date >= ?)
                   and not exists (select 1 from wage_declaration d where d.region_code = c.region_code
                                     and d.employer_uscc = c.employer_uscc and d.contrib_year = ?)
                 group by c.employer_uscc order by c.employer_uscc""")
                .params(from, region, to, from, year)
                .query((rs, i) -> new Undeclared(rs.getString(1), rs.getInt(2), rs.getDate(3).toLocalDate())).list();
    }

    /** Row errors of a file, refused together ({@code 422 COLLECTION_FILE_ROWS}, naming up to ten rows). */
    static final class RowProblems {
        private final List<String> problems = new ArrayList<>();
        private int first = -1;

        void add(int row, String code) {
            if (first < 0) {
                first = row;
            }
            problems.add(row + ": " + code);
        }

        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "COLLECTION_FILE_ROWS", first, problems.size(),
                        String.join("; ", problems.subList(0, Math.min(10, problems.size()))));
            }
        }
    }
}
