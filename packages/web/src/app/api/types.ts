/** One page of a server-paginated list. */
export type TPage<T> = {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
};

export type TPageParams = {
  page: number;
  pageSize: number;
};
