/**
 * Chat tab: messages with role labels, text (markdown toggle), tool calls
 * with their arguments, tool results, and the tool definitions offered.
 */
import React from 'react';
import type { IChat, IChatMessage } from '../model/types';
import { JsonTree, JSON_PAGE } from './JsonTree';
import { TextBlock } from './TextBlock';
import { formatCount } from './state/format';

const KNOWN_ROLES = new Set([
  'system',
  'user',
  'assistant',
  'tool',
  'developer'
]);

function roleClass(role: string): string {
  const r = (role || '').toLowerCase();
  return `jp-MlflowTrace-role-${KNOWN_ROLES.has(r) ? r : 'other'}`;
}

function Message(props: { message: IChatMessage }): JSX.Element {
  const m = props.message;
  const role = m.role || 'unknown';
  return (
    <li className={`jp-MlflowTrace-message ${roleClass(role)}`}>
      <div className="jp-MlflowTrace-messageHead">
        <span className="jp-MlflowTrace-role">{role}</span>
        {m.name && <span className="jp-MlflowTrace-messageName">{m.name}</span>}
        {m.toolCallId && (
          <span className="jp-MlflowTrace-note">
            result of call <code>{m.toolCallId}</code>
          </span>
        )}
      </div>
      {m.content.length > 0 && (
        <TextBlock text={m.content} label={`${role} message`} defaultMarkdown />
      )}
      {m.toolCalls && m.toolCalls.length > 0 && (
        <ul className="jp-MlflowTrace-toolCalls" aria-label="Tool calls">
          {m.toolCalls.map((c, k) => (
            <li key={k} className="jp-MlflowTrace-toolCall">
              <div className="jp-MlflowTrace-toolCallHead">
                <span className="jp-MlflowTrace-note">calls</span>
                <code className="jp-MlflowTrace-toolName">{c.name}</code>
                {c.id && <span className="jp-MlflowTrace-note">{c.id}</span>}
              </div>
              <JsonTree value={c.arguments} expandDepth={2} label="Arguments" />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function ChatView(props: { chat: IChat }): JSX.Element {
  const { messages, tools } = props.chat;
  const [limit, setLimit] = React.useState(JSON_PAGE);
  return (
    <div className="jp-MlflowTrace-chat">
      {messages.length === 0 ? (
        <div className="jp-MlflowTrace-empty">No messages.</div>
      ) : (
        <ol className="jp-MlflowTrace-messages" aria-label="Messages">
          {messages.slice(0, limit).map((m, k) => (
            <Message key={k} message={m} />
          ))}
        </ol>
      )}
      {messages.length > limit && (
        <div className="jp-MlflowTrace-more">
          <span>
            Showing {formatCount(limit)} of {formatCount(messages.length)}{' '}
            messages
          </span>
          <button
            type="button"
            className="jp-MlflowTrace-miniButton"
            onClick={() => setLimit(l => l + JSON_PAGE)}
          >
            Show more
          </button>
        </div>
      )}
      {tools.length > 0 && (
        <details className="jp-MlflowTrace-tools">
          <summary>Tool definitions ({formatCount(tools.length)})</summary>
          <ul>
            {tools.map((t, k) => (
              <li key={k} className="jp-MlflowTrace-tool">
                <code className="jp-MlflowTrace-toolName">{t.name}</code>
                {t.description && (
                  <div className="jp-MlflowTrace-toolDescription">
                    {t.description}
                  </div>
                )}
                {t.parameters !== undefined && (
                  <JsonTree
                    value={t.parameters}
                    expandDepth={0}
                    label="Parameters"
                  />
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
