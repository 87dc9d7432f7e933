/**
 * Contracted institutions (定点医疗机构), their service agreements (服务协议) in dated versions with the maternity
 * payment terms, clauses and indicator limits, the measured indicator values, and the catalogs of drugs,
 * services and facilities (甲/乙/丙) with each region's self-pay share of class B items.
 */
package cn.liangxian.institution;
