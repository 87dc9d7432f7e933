/**
 * Who may sign in and what each may see: roles bound to regions, employers, persons or institutions;
 * form login, API tokens, signed hospital requests; object-level access decisions.
 */
package cn.liangxian.security;
