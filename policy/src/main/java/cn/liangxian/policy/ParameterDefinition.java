package cn.liangxian.policy;

/** A parameter as declared in the catalog: its key, value type, unit and meaning in both languages. */
public record ParameterDefinition(String key, ParamType type, String unit, String descriptionZh, String descriptionEn) {
}
