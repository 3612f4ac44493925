import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Layout, Typography, theme } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useCurrentUser } from '../app/auth/useAuth.ts';
import { MENU } from '../app/menu.tsx';
import { matchMenuEntry } from '../app/menu-access.ts';
import { CurrentRegionProvider } from '../app/region/CurrentRegionProvider.tsx';
import { PageLoading } from '../components/PageLoading.tsx';
import { useIsMobile } from '../hooks/useIsMobile.ts';
import { PRODUCT_NAME, PRODUCT_SHORT_NAME } from '../locales/zh-CN/labels.ts';
import { RegionSwitcher } from './components/RegionSwitcher.tsx';
import { SideMenu } from './components/SideMenu.tsx';
import { UserMenu } from './components/UserMenu.tsx';

const SIDER_WIDTH = 208;
const HEADER_HEIGHT = 56;

function Logo({ isCollapsed }: { isCollapsed: boolean }) {
  return (
    <Flex align="center" style={{ height: HEADER_HEIGHT, paddingInline: 16, overflow: 'hidden' }}>
      <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'nowrap' }}>
        {isCollapsed ? 'HA' : PRODUCT_SHORT_NAME}
      </Typography.Text>
    </Flex>
  );
}

/** Keeps the browser tab title in step with the open page. */
function useDocumentTitle(): void {
  const { pathname } = useLocation();
  const label = matchMenuEntry(MENU, pathname)?.label;
  useEffect(() => {
    document.title = label ? `${label} - ${PRODUCT_NAME}` : PRODUCT_NAME;
  }, [label]);
}

function Shell() {
  const isMobile = useIsMobile();
  const [isCollapsed, setIsCollapsed] = useState(false);
  const [isDrawerOpen, setIsDrawerOpen] = useState(false);
  const { token } = theme.useToken();
  useDocumentTitle();

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isMobile ? (
        <Drawer
          placement="left"
          size={SIDER_WIDTH + 48}
          open={isDrawerOpen}
          onClose={() => setIsDrawerOpen(false)}
          title={PRODUCT_SHORT_NAME}
          styles={{ body: { padding: 0 } }}
        >
          <SideMenu onNavigate={() => setIsDrawerOpen(false)} />
        </Drawer>
      ) : (
        <Layout.Sider
          theme="light"
          width={SIDER_WIDTH}
          collapsible
          collapsed={isCollapsed}
          onCollapse={setIsCollapsed}
          style={{
            borderInlineEnd: `1px solid ${token.colorBorderSecondary}`,
            position: 'sticky',
            top: 0,
            height: '100vh',
          }}
        >
          {/* The menu scrolls inside the sider, above the collapse trigger, so no item is hidden on a short screen. */}
          <div style={{ height: '100%', overflowY: 'auto', overflowX: 'hidden' }}>
            <Logo isCollapsed={isCollapsed} />
            <SideMenu />
          </div>
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={{
            height: HEADER_HEIGHT,
            lineHeight: `${HEADER_HEIGHT}px`,
            paddingInline: isMobile ? 8 : 24,
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          <Flex align="center" justify="space-between" gap={8} style={{ height: '100%' }}>
            <Flex align="center" gap={8} style={{ minWidth: 0 }}>
              {isMobile && (
                <>
                  <Button
                    type="text"
                    icon={<MenuOutlined />}
                    aria-label="打开菜单"
                    onClick={() => setIsDrawerOpen(true)}
                  />
                  <Typography.Text strong>{PRODUCT_SHORT_NAME}</Typography.Text>
                </>
              )}
              {!isMobile && <RegionSwitcher isCompact={false} />}
            </Flex>
            <UserMenu isCompact={isMobile} />
          </Flex>
        </Layout.Header>
        {isMobile && (
          <Flex style={{ padding: '8px 8px 0' }}>
            <RegionSwitcher isCompact />
          </Flex>
        )}
        <Layout.Content style={{ padding: isMobile ? 8 : 24, minWidth: 0 }}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** Signed-in frame: side menu (a drawer on phones), region switcher, user menu. */
export default function BasicLayout() {
  const user = useCurrentUser();
  return (
    <CurrentRegionProvider homeRegionCode={user.regionCode}>
      <Shell />
    </CurrentRegionProvider>
  );
}
