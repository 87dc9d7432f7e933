/**
 * Settlement with contracted institutions: the national hospital interface (定点医药机构接口规范) at
 * {@code /api/nhsa}, encounters and fee lines, pre-settlement, settlement and reversal of maternity encounters
 * by the insured region's rules, records for clearing between regions, reconciliation with hospitals
 * (3201/3202), the monthly clearing with each institution, the hospital portal and the clerks' pages, and a
 * simulated hospital system ({@code his-sim}) for demos and load.
 */
package cn.liangxian.settlement;
