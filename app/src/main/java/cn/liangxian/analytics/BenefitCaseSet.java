package cn.liangxian.analytics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.liangxian.policy.PolicyYaml;
import cn.liangxian.policy.maternity.InsuredKind;
import cn.liangxian.policy.maternity.MaternityCategory;

/**
 * The cases of the report, as data: {@code benefitreport/cases.yaml} holds the lists whose cross product is the
 * case set (categories, babies for deliveries, insured kinds, cost levels, employer wages);
 * {@code benefitreport/regions/<code>.yaml}, where it exists, replaces any of those lists for one region.
 */
public final class BenefitCaseSet {

    static final String ROOT = "benefitreport/";

    private BenefitCaseSet() {
    }

    /** The cases of a region: the generic lists with the region's own lists in their place where it has some. */
    public static List<BenefitCase> forRegion(String regionCode) {
        ClassLoader loader = BenefitCaseSet.class.getClassLoader();
        Map<String, Object> lists = new LinkedHashMap<>(PolicyYaml.load(loader, ROOT + "cases.yaml"));
        String regional = ROOT + "regions/" + regionCode + ".yaml";
        if (regionCode != null && regionCode.matches("[0-9]{6}") && loader.getResource(regional) != null) {
            lists.putAll(PolicyYaml.load(loader, regional));
        }
        return build(lists, ROOT + "cases.yaml" + " + " + regional);
    }

    static List<BenefitCase> build(Map<String, Object> lists, String where) {
        List<MaternityCategory> categories = list(lists, "categories", where).stream()
                .map(s -> MaternityCategory.valueOf(s.toString())).toList();
        List<Integer> fetuses = list(lists, "fetus_counts", where).stream().map(o -> Integer.valueOf(o.toString()))
                .toList();
        List<InsuredKind> kinds = list(lists, "insured_kinds", where).stream()
                .map(s -> InsuredKind.valueOf(s.toString())).toList();
        List<BigDecimal> costs = list(lists, "medical_costs", where).stream().map(o -> new BigDecimal(o.toString()))
                .toList();
        List<BigDecimal> wages = list(lists, "employer_avg_monthly_wages", where).stream()
                .map(o -> new BigDecimal(o.toString())).toList();
        List<BenefitCase> cases = new ArrayList<>();
        for (MaternityCategory c : categories) {
            for (int f : c.isDelivery() ? fetuses : List.of(1)) {
                for (InsuredKind k : kinds) {
                    for (BigDecimal cost : costs) {
                        for (BigDecimal wage : wages) {
                            cases.add(new BenefitCase(cases.size() + 1, c, f, k, cost, wage));
                        }
                    }
                }
            }
        }
        return List.copyOf(cases);
    }

    private static List<?> list(Map<String, Object> lists, String key, String where) {
        if (!(lists.get(key) instanceof List<?> l) || l.isEmpty()) {
            throw new IllegalStateException(where + ": '" + key + "' must be a non-empty list");
        }
        return l;
    }
}
