import { Alert, Button, Flex, Modal, Typography } from 'antd';

/**
 * The new token, shown this one time: the server stores only its hash, so it cannot be shown again.
 * Includes how a hospital information system sends it.
 */
export function TokenSecretModal({
  name,
  secret,
  onClose,
}: {
  name: string;
  secret: string;
  onClose: () => void;
}) {
  const origin = window.location.origin;
  return (
    <Modal
      open
      title={`令牌“${name}”已签发`}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose}>
          我已妥善保存
        </Button>
      }
      width={640}
    >
      <Flex vertical gap={12}>
        <Alert
          type="warning"
          showIcon
          title="令牌只显示这一次"
          description="系统只保存令牌的摘要，关闭后无法再次查看。请立即复制并交给医院信息科，通过安全渠道保存；如遗失或泄露，请吊销后重新签发。"
        />
        <Typography.Paragraph
          copyable={{ text: secret, tooltips: ['复制令牌', '已复制'] }}
          code
          style={{ wordBreak: 'break-all', fontSize: 15 }}
          data-testid="api-token-secret"
        >
          {secret}
        </Typography.Paragraph>
        <Typography.Text type="secondary">医院信息系统（HIS）调用示例：</Typography.Text>
        <Typography.Paragraph code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {`curl -H "Authorization: Bearer ${secret.slice(0, 12)}…" \\\n  "${origin}/api/v1/identity/{身份证号}?date=YYYY-MM-DD"\n\ncurl -X POST -H "Authorization: Bearer ${secret.slice(0, 12)}…" -H "Content-Type: application/json" \\\n  -d '{"date":"YYYY-MM-DD","items":["身份证号1","身份证号2"]}' "${origin}/api/v1/identity/batch"`}
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          接口说明见 <a href="/api/docs">/api/docs</a>（“identity”分组）。
        </Typography.Text>
      </Flex>
    </Modal>
  );
}
