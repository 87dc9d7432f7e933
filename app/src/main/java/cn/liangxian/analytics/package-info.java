/**
 * Analytics: reports across the region's rules and records. Holds the "benefits unchanged" report
 * (生育待遇不变对照): a set of maternity cases computed under the rules in force the day before a region's merger
 * and under the merged system, every difference traced to the parameters whose values changed between the two
 * dates, on a page, in an Excel workbook and for public disclosure.
 */
package cn.liangxian.analytics;
