import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { Schemas } from '@oneroof/api-client';
import { api, unwrap } from '../../api/client';

export type Indicators = Schemas['IndicatorsResponse'];
export type IndicatorRow = Schemas['IndicatorRowResponse'];
export type GroupBy = Indicators['groupBy'];
export interface Period {
  from: string;
  to: string;
  groupBy: GroupBy;
}

export const monitoringKeys = { indicators: (p: Period) => ['monitoring', p.from, p.to, p.groupBy] as const };

export const useIndicators = (period: Period) =>
  useQuery({
    queryKey: monitoringKeys.indicators(period),
    // The route answers JSON or CSV by `format`; asked for JSON, it is the figures.
    queryFn: async () =>
      (await unwrap(api.GET('/api/monitoring/indicators', { params: { query: { ...period, format: 'json' } } }))) as Indicators,
    placeholderData: keepPreviousData,
  });

/** The same figures as CSV, fetched with the session's token and handed to the browser as a file. */
export function useDownloadCsv() {
  return useMutation({
    mutationFn: async (period: Period) => {
      const csv = await unwrap(api.GET('/api/monitoring/indicators', { params: { query: { ...period, format: 'csv' } }, parseAs: 'text' }));
      const url = URL.createObjectURL(new Blob([csv as unknown as string], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `indicatoren-${period.from.slice(0, 10)}-${period.to.slice(0, 10)}-${period.groupBy}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
  });
}
