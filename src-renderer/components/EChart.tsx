import type { ECharts, EChartsOption } from 'echarts';
import { useEffect, useRef } from 'react';

/**
 * An echarts chart: created once, given each new option, resized with its box. echarts (≈1 MB) is loaded when the
 * first chart is shown (报表, 练习's figures), not with the page a teller starts on (npm run bench -- cold-start).
 */
export function EChart({ option, height, testId, renderer = 'svg' }: { option: EChartsOption; height: number; testId?: string; renderer?: 'svg' | 'canvas' }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;
  useEffect(() => {
    let gone = false;
    let resized: ResizeObserver | null = null;
    void import('echarts').then((echarts) => {
      if (gone || !box.current) return;
      const c = echarts.init(box.current, undefined, { renderer });
      chart.current = c;
      c.setOption(latest.current, { notMerge: true });
      resized = new ResizeObserver(() => c.resize());
      resized.observe(box.current);
    });
    return () => {
      gone = true;
      resized?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, [renderer]);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={box} style={{ width: '100%', height }} data-testid={testId} />;
}
