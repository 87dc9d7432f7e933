package cn.liangxian.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The ordered steps a result was computed by, so that a clerk can redo the computation by hand. */
public final class Explanation {

    private final List<ExplanationStep> steps = new ArrayList<>();

    /** Records that a rule used a parameter value. */
    public ResolvedParam use(String rule, ResolvedParam p, String note) {
        String n = note;
        if (p.confidence().isUnverified()) {
            String why = p.note() == null || p.note().isBlank() ? "" : " " + p.note();
            n = (note == null || note.isBlank() ? "" : note + " ") + "[unverified 未核实]" + why;
        }
        steps.add(new ExplanationStep(rule, p.key(), p.display(), p.reference(), p.confidence(), n));
        return p;
    }

    public ResolvedParam use(String rule, ResolvedParam p) {
        return use(rule, p, p.definition().descriptionZh());
    }

    /** Records a computed value (arithmetic or decision) that uses no new parameter. */
    public void step(String rule, String what, String value, String note) {
        steps.add(new ExplanationStep(rule, what, value, null, null, note));
    }

    public List<ExplanationStep> steps() {
        return Collections.unmodifiableList(steps);
    }

    public boolean usesUnverified() {
        return steps.stream().anyMatch(s -> s.confidence() != null && s.confidence().isUnverified());
    }
}
