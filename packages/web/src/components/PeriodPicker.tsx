import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

/** A period of days up to today; it is never empty, so `onChange` always gets both ends. */
export function PeriodPicker({
  value,
  onChange,
}: {
  value: [Dayjs, Dayjs];
  onChange: (period: [Dayjs, Dayjs]) => void;
}) {
  return (
    <DatePicker.RangePicker
      allowClear={false}
      value={value}
      disabledDate={(d) => d.isAfter(dayjs(), 'day')}
      onChange={(range) => {
        if (range?.[0] && range[1]) {
          onChange([range[0], range[1]]);
        }
      }}
    />
  );
}
