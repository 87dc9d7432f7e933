/**
 * Personal information (PIPL): encryption at rest with rotating keys, keyed blind indexes for lookups,
 * masking for display and logs, and validators for the identifiers people and employers give us.
 */
package cn.liangxian.security.pii;
