/** Demo data for the four seed regions; loaded only in the demo profile (the embedded default). */
package cn.liangxian.demo;
