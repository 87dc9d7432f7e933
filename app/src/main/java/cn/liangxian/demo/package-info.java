/**
 * Demo data: a seeded generator of realistic employers and people for the seed regions, the demo set the demo
 * profile loads through the registry's services, and {@code ./liangxian demo generate} for large generated sets.
 */
package cn.liangxian.demo;
