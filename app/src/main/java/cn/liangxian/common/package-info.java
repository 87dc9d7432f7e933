/** Cross-cutting infrastructure: the database and its embedded default. No business logic. */
package cn.liangxian.common;
