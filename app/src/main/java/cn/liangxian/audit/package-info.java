/** The append-only, hash-chained audit trail: who did what to which object, when, from where. */
package cn.liangxian.audit;
