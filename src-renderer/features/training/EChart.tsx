import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';

/** An echarts chart in React: created once (SVG, crisp when printed), given each new option, resized with its box. */
export function EChart({ option, height, testId }: { option: echarts.EChartsOption; height: number; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const c = echarts.init(box.current!, undefined, { renderer: 'svg' });
    chart.current = c;
    const resized = new ResizeObserver(() => c.resize());
    resized.observe(box.current!);
    return () => {
      resized.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={box} style={{ width: '100%', height }} data-testid={testId} />;
}
