import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';

/** One echarts chart (canvas) for an option built by the contract's chartOption. */
export function ReportChart({ option, height = 280, testId }: { option: Record<string, unknown>; height?: number; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}
