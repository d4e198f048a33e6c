/**
 * Chat tab: messages with role labels, reasoning (folded), text (markdown
 * toggle), images as placeholders, tool calls with their arguments, tool
 * results, and the tool definitions offered.
 */
import React from 'react';
import type { IChat, IChatImage, IChatMessage } from '../model/types';
import { JsonTree } from './JsonTree';
import { Paged } from './Paged';
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

/** Longest address shown in an image placeholder. */
const SHOWN_URL_CHARS = 300;

function imageLabel(image: IChatImage): string {
  const details = [
    image.mimeType,
    image.size !== undefined ? `${formatCount(image.size)} B` : undefined
  ]
    .filter(Boolean)
    .join(', ');
  const suffix = details ? ` (${details})` : '';
  if (image.source === 'attachment') {
    return `MLflow attachment${suffix}`;
  }
  if (image.source === 'url' && image.url) {
    const url =
      image.url.length > SHOWN_URL_CHARS
        ? `${image.url.slice(0, SHOWN_URL_CHARS)}…`
        : image.url;
    return `${url}${suffix}`;
  }
  return `inline data${suffix}`;
}

/**
 * Images are described, never loaded: trace content loads nothing (no
 * request to the address, no decoding of inline bytes).
 */
function ImagePlaceholders(props: { images: IChatImage[] }): JSX.Element {
  return (
    <ul className="jp-MlflowTrace-chatImages" aria-label="Images">
      {props.images.map((image, k) => (
        <li
          key={k}
          className="jp-MlflowTrace-blocked jp-MlflowTrace-chatImage"
          data-kind="Image"
        >
          <span className="jp-MlflowTrace-blockedText">
            Image not loaded: {imageLabel(image)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Reasoning(props: { parts: string[]; role: string }): JSX.Element {
  return (
    <details className="jp-MlflowTrace-reasoning">
      <summary>Reasoning</summary>
      {props.parts.map((text, k) => (
        <TextBlock key={k} text={text} label={`${props.role} reasoning`} />
      ))}
    </details>
  );
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
      {m.reasoning && m.reasoning.length > 0 && (
        <Reasoning parts={m.reasoning} role={role} />
      )}
      {m.content.length > 0 && (
        <TextBlock text={m.content} label={`${role} message`} defaultMarkdown />
      )}
      {m.images && m.images.length > 0 && (
        <ImagePlaceholders images={m.images} />
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
  return (
    <div className="jp-MlflowTrace-chat">
      {messages.length === 0 ? (
        <div className="jp-MlflowTrace-empty">No messages.</div>
      ) : (
        <Paged
          className="jp-MlflowTrace-messages"
          label="Messages"
          ordered
          items={messages}
          noun="messages"
          render={(m, k) => <Message key={k} message={m} />}
        />
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
