/**
 * Four-eyes (maker–checker): a request, then approval or rejection by another person with a reason.
 * Features that move money or change law (manual payments, reversals, policy changes) go through it.
 */
package cn.liangxian.approval;
