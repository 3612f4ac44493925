import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { PRODUCT_NAME } from '../locales/zh-CN/labels.ts';

/** Frame of the pages outside the layout (login, forced password change). */
export function CenteredCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: '100vh', padding: 16, background: '#f5f7fa' }}
    >
      <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 24 }}>
        {PRODUCT_NAME}
      </Typography.Title>
      <Card title={title} style={{ width: '100%', maxWidth: 400 }}>
        {children}
      </Card>
    </Flex>
  );
}
