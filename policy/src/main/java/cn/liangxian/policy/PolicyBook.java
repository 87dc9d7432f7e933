package cn.liangxian.policy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All encoded law: the parameter catalog, the jurisdictions and their dated values, and the statutory
 * holiday calendar. Immutable once loaded; safe to share between threads.
 *
 * <p>Layout of the resources under {@code policy/}: {@code parameters.yaml} declares every parameter
 * (type, unit, meaning); {@code jurisdictions/<code>.yaml} holds one jurisdiction, its parent and the
 * values it defines or overrides; {@code holidays.yaml} lists the statutory public holidays.
 */
public final class PolicyBook {

    /** Where the shipped policy pack lives on the class path. */
    public static final String STANDARD_ROOT = "policy/";

    private final Map<String, ParameterDefinition> definitions;
    private final Map<String, Jurisdiction> jurisdictions;
    /** jurisdiction code → parameter key → values sorted by date. */
    private final Map<String, Map<String, List<DatedValue>>> values;
    private final HolidayCalendar holidays;

    private PolicyBook(Map<String, ParameterDefinition> definitions, Map<String, Jurisdiction> jurisdictions,
            Map<String, Map<String, List<DatedValue>>> values, HolidayCalendar holidays) {
        this.definitions = definitions;
        this.jurisdictions = jurisdictions;
        this.values = values;
        this.holidays = holidays;
    }

    private static volatile PolicyBook standard;

    /** The law shipped in this build's resources, loaded once. */
    public static PolicyBook standard() {
        PolicyBook b = standard;
        if (b == null) {
            synchronized (PolicyBook.class) {
                b = standard;
                if (b == null) {
                    b = load(PolicyBook.class.getClassLoader(), STANDARD_ROOT);
                    standard = b;
                }
            }
        }
        return b;
    }

    /** Loads a policy pack from {@code root} on the class path (index, catalog, jurisdictions, holidays). */
    @SuppressWarnings("unchecked")
    public static PolicyBook load(ClassLoader loader, String root) {
        Map<String, ParameterDefinition> defs = loadDefinitions(loader, root);
        Map<String, Jurisdiction> jurs = new LinkedHashMap<>();
        Map<String, Map<String, List<DatedValue>>> vals = new LinkedHashMap<>();
        List<Object> codes = (List<Object>) PolicyYaml.load(loader, root + "index.yaml").get("jurisdictions");
        for (Object listed : codes) {
            String code = listed.toString();
            String resource = root + "jurisdictions/" + code + ".yaml";
            Map<String, Object> doc = PolicyYaml.load(loader, resource);
            Jurisdiction j = new Jurisdiction(str(doc, "code", resource), str(doc, "name_zh", resource),
                    str(doc, "name_en", resource), (String) doc.get("parent"),
                    LocalDate.parse(str(doc, "rules_from", resource)));
            if (!j.code().equals(code)) {
                throw new IllegalStateException(resource + " declares code " + j.code());
            }
            jurs.put(code, j);
            vals.put(code, loadValues(doc, defs, resource));
        }
        for (Jurisdiction j : jurs.values()) {
            int depth = 0;
            for (Jurisdiction c = j; !c.isRoot(); c = jurs.get(c.parentCode())) {
                if (!jurs.containsKey(c.parentCode())) {
                    throw new IllegalStateException(c.code() + " has unknown parent " + c.parentCode());
                }
                if (++depth > jurs.size()) {
                    throw new IllegalStateException(j.code() + " is in a cycle of parents");
                }
            }
        }
        return new PolicyBook(defs, jurs, vals, HolidayCalendar.load(loader, root + "holidays.yaml"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ParameterDefinition> loadDefinitions(ClassLoader loader, String root) {
        String resource = root + "parameters.yaml";
        Map<String, Object> doc = PolicyYaml.load(loader, resource);
        Map<String, ParameterDefinition> defs = new LinkedHashMap<>();
        Map<String, Object> params = (Map<String, Object>) doc.get("parameters");
        for (Map.Entry<String, Object> e : params.entrySet()) {
            Map<String, Object> d = (Map<String, Object>) e.getValue();
            defs.put(e.getKey(), new ParameterDefinition(e.getKey(),
                    ParamType.valueOf(str(d, "type", e.getKey()).toUpperCase(java.util.Locale.ROOT)),
                    (String) d.get("unit"), str(d, "zh", e.getKey()), str(d, "en", e.getKey())));
        }
        return defs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<DatedValue>> loadValues(Map<String, Object> doc,
            Map<String, ParameterDefinition> defs, String resource) {
        Map<String, List<DatedValue>> out = new LinkedHashMap<>();
        Object params = doc.get("parameters");
        if (params == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : ((Map<String, Object>) params).entrySet()) {
            ParameterDefinition def = defs.get(e.getKey());
            if (def == null) {
                throw new IllegalStateException(resource + ": parameter " + e.getKey() + " is not in parameters.yaml");
            }
            List<DatedValue> list = new ArrayList<>();
            for (Object o : (List<Object>) e.getValue()) {
                Map<String, Object> v = (Map<String, Object>) o;
                String where = resource + " " + e.getKey();
                String confidence = str(v, "confidence", where);
                DatedValue dv = new DatedValue(LocalDate.parse(str(v, "from", where)),
                        def.type().parse(e.getKey(), v.get("value")), str(v, "ref", where),
                        Confidence.valueOf(confidence.toUpperCase(java.util.Locale.ROOT)), (String) v.get("note"));
                if (dv.confidence().isUnverified() && (dv.note() == null || dv.note().isBlank())) {
                    throw new IllegalStateException(where + " from " + dv.from() + " is unverified but says not why (note)");
                }
                list.add(dv);
            }
            list.sort(Comparator.comparing(DatedValue::from));
            for (int i = 1; i < list.size(); i++) {
                if (list.get(i).from().equals(list.get(i - 1).from())) {
                    throw new IllegalStateException(resource + ": two values of " + e.getKey() + " from " + list.get(i).from());
                }
            }
            out.put(e.getKey(), List.copyOf(list));
        }
        return out;
    }

    private static String str(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalStateException(where + ": missing '" + key + "'");
        }
        return v.toString();
    }

    /** The rules of one region as they stood on one date. */
    public PolicyView at(String regionCode, LocalDate date) {
        Jurisdiction j = jurisdiction(regionCode).orElseThrow(() -> new PolicyException("UNKNOWN_REGION",
                "未知的统筹区代码：" + regionCode, "Unknown pooling region code: " + regionCode));
        if (date == null) {
            throw new PolicyException("INVALID_DATE", "缺少日期", "A date is required");
        }
        if (date.isBefore(j.rulesFrom())) {
            throw new PolicyException("NO_RULES_AT_DATE",
                    j.nameZh() + "（" + j.code() + "）的规则自 " + j.rulesFrom() + " 起收录，" + date + " 无可适用规则",
                    j.nameEn() + " (" + j.code() + ") has rules from " + j.rulesFrom() + "; none apply on " + date);
        }
        return new PolicyView(this, chain(j), date);
    }

    List<Jurisdiction> chain(Jurisdiction j) {
        List<Jurisdiction> chain = new ArrayList<>();
        for (Jurisdiction c = j; c != null; c = c.isRoot() ? null : jurisdictions.get(c.parentCode())) {
            chain.add(c);
        }
        return chain;
    }

    Optional<ResolvedParam> find(List<Jurisdiction> chain, String key, LocalDate date) {
        ParameterDefinition def = definitions.get(key);
        if (def == null) {
            throw new IllegalArgumentException("parameter " + key + " is not declared in parameters.yaml");
        }
        for (Jurisdiction j : chain) {
            List<DatedValue> list = values.get(j.code()).get(key);
            if (list == null) {
                continue;
            }
            DatedValue hit = null;
            for (DatedValue v : list) {
                if (!v.from().isAfter(date)) {
                    hit = v;
                }
            }
            if (hit != null) {
                return Optional.of(new ResolvedParam(def, hit.value(), j.code(), hit.from(), hit.reference(),
                        hit.confidence(), hit.note()));
            }
        }
        return Optional.empty();
    }

    public Optional<Jurisdiction> jurisdiction(String code) {
        return Optional.ofNullable(code == null ? null : jurisdictions.get(code));
    }

    public Collection<Jurisdiction> jurisdictions() {
        return jurisdictions.values();
    }

    public Map<String, ParameterDefinition> definitions() {
        return definitions;
    }

    /** Values a jurisdiction defines itself (not inherited), for listings and review. */
    public Map<String, List<DatedValue>> ownValues(String code) {
        return values.getOrDefault(code, Map.of());
    }

    /** Every value marked unverified, for the list of policy gaps. */
    public List<Gap> unverified() {
        List<Gap> gaps = new ArrayList<>();
        values.forEach((code, params) -> params.forEach((key, list) -> list.stream()
                .filter(v -> v.confidence().isUnverified())
                .forEach(v -> gaps.add(new Gap(jurisdictions.get(code), key, v)))));
        return gaps;
    }

    /** An unverified value: where, which parameter, and the value with its reference and note. */
    public record Gap(Jurisdiction jurisdiction, String key, DatedValue value) {
    }

    public HolidayCalendar holidays() {
        return holidays;
    }
}
