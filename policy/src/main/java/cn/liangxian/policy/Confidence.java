package cn.liangxian.policy;

/**
 * How sure we are of a parameter value. Every explanation step carries it, so a clerk sees at once
 * which numbers rest on the seed documents or law and which are assumptions still to be checked.
 */
public enum Confidence {
    /** Stated in national law or regulation text. */
    LAW,
    /** Stated in one of the region's own merger documents. */
    SEED,
    /** Found in a public official source named in the reference. */
    SOURCED,
    /** Plausible but not confirmed against a source; listed in the README's policy gaps. */
    UNVERIFIED;

    public boolean isUnverified() {
        return this == UNVERIFIED;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
