import { Flex, Spin } from 'antd';

/** Centered spinner while a session check or a lazy page chunk is loading. */
export function PageLoading({ isFullPage = false }: { isFullPage?: boolean }) {
  return (
    <Flex align="center" justify="center" style={{ minHeight: isFullPage ? '100vh' : 240 }}>
      <Spin size="large" aria-label="加载中" />
    </Flex>
  );
}
