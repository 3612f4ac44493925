import { Card, Col, Empty, Flex, Row, Skeleton, Tree, type TreeDataNode, Typography } from 'antd';
import { type Key, useEffect, useMemo, useState } from 'react';
import { buildRegionTree, toRootNode } from '../../app/region/region-tree.ts';
import { useCurrentRegion } from '../../app/region/useCurrentRegion.ts';
import { useRegionChildren } from '../../app/region/useRegionChildren.ts';
import { useRegionScope } from '../../app/region/useRegionScope.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { RegionLevelTag } from '../../components/RegionLevelTag.tsx';
import { RegionDetail } from './components/RegionDetail.tsx';

/** The caller's part of the region hierarchy as a tree loaded level by level. */
export default function RegionsPage() {
  const scope = useRegionScope();
  const { regionCode } = useCurrentRegion();
  const { childrenByCode, loadChildren } = useRegionChildren();
  const [selectedCode, setSelectedCode] = useState<string>(regionCode);
  const [expandedKeys, setExpandedKeys] = useState<Key[]>([]);

  // Follow the header's region switcher (and its fallback when a linked region is out of scope).
  useEffect(() => {
    setSelectedCode(regionCode);
  }, [regionCode]);

  useEffect(() => {
    if (scope) {
      setExpandedKeys([scope.code]);
      loadChildren([scope.code]).catch(() => undefined);
    }
  }, [scope, loadChildren]);

  const treeData = useMemo(
    () =>
      scope
        ? buildRegionTree<TreeDataNode>([toRootNode(scope)], childrenByCode, (node, children) => ({
            key: node.code,
            isLeaf: !node.hasChildren,
            children,
            title: (
              <Flex component="span" gap={6} align="center" style={{ whiteSpace: 'nowrap' }}>
                <span>{node.name}</span>
                <RegionLevelTag level={node.level} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {node.code}
                </Typography.Text>
              </Flex>
            ),
          }))
        : [],
    [scope, childrenByCode],
  );

  return (
    <PageContainer title="行政区划">
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12} xl={10}>
          <Card
            title="区划树"
            styles={{ body: { overflow: 'auto', maxHeight: 'calc(100vh - 200px)', minHeight: 240 } }}
          >
            {scope ? (
              <Tree
                treeData={treeData}
                expandedKeys={expandedKeys}
                onExpand={setExpandedKeys}
                selectedKeys={[selectedCode]}
                onSelect={(keys) => {
                  const key = keys[0];
                  if (key !== undefined) {
                    setSelectedCode(String(key));
                  }
                }}
                loadData={(node) => loadChildren([String(node.key)])}
                showLine
                blockNode
              />
            ) : (
              <Skeleton active />
            )}
          </Card>
        </Col>
        <Col xs={24} md={12} xl={14}>
          <Card title="区划详情">
            {selectedCode ? <RegionDetail code={selectedCode} /> : <Empty description="请在左侧选择区划" />}
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
