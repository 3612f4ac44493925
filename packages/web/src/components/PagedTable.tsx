import { Empty, Table, type TablePaginationConfig, type TableProps } from 'antd';

type TPagedRows<T> = { items: T[]; isLoading: boolean; pagination: TablePaginationConfig };

/**
 * A table of one server page of `usePagedList`: its rows, loading state and pagination, scrolling sideways on
 * narrow screens, and an empty state saying why there is nothing.
 */
export function PagedTable<T extends object>({
  list,
  emptyText,
  ...props
}: { list: TPagedRows<T>; emptyText: string } & Omit<
  TableProps<T>,
  'dataSource' | 'loading' | 'pagination' | 'locale'
>) {
  return (
    <Table<T>
      dataSource={list.items}
      loading={list.isLoading}
      pagination={list.pagination}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty description={emptyText} /> }}
      {...props}
    />
  );
}
