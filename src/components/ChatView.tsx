/**
 * Chat tab: messages with role labels, reasoning (folded), text (markdown
 * toggle), images as placeholders, tool calls with their arguments, tool
 * results, and the tool definitions offered.
 */
import React from 'react';
import { parseAttachmentRef } from '../model/attachments';
import type { IChat, IChatImage, IChatMessage } from '../model/types';
import { AttachmentView } from './attachments/AttachmentView';
import { TranslationBundle, useTrans, withElements } from './i18n';
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

/** "Image not loaded: <what> (<type>, <size>)", one sentence per source. */
function imageText(trans: TranslationBundle, image: IChatImage): string {
  const details = [
    image.mimeType,
    image.size !== undefined
      ? trans.__('%1 B', formatCount(image.size))
      : undefined
  ]
    .filter(Boolean)
    .join(', ');
  if (image.source === 'url' && image.url) {
    const url =
      image.url.length > SHOWN_URL_CHARS
        ? `${image.url.slice(0, SHOWN_URL_CHARS)}…`
        : image.url;
    return details
      ? trans.__('Image not loaded: %1 (%2)', url, details)
      : trans.__('Image not loaded: %1', url);
  }
  if (image.source === 'attachment') {
    return details
      ? trans.__('Image not loaded: MLflow attachment (%1)', details)
      : trans.__('Image not loaded: MLflow attachment');
  }
  return details
    ? trans.__('Image not loaded: inline data (%1)', details)
    : trans.__('Image not loaded: inline data');
}

/**
 * Images are described, never loaded: trace content loads nothing (no
 * request to the address, no decoding of inline bytes).
 */
function ImagePlaceholders(props: { images: IChatImage[] }): JSX.Element {
  const trans = useTrans();
  return (
    <ul className="jp-MlflowTrace-chatImages" aria-label={trans.__('Images')}>
      {props.images.map((image, k) => {
        // Stored by MLflow: loadable on a click, from the configured server.
        const attachment =
          image.source === 'attachment' ? parseAttachmentRef(image.url) : null;
        return attachment ? (
          <li key={k} className="jp-MlflowTrace-chatImage">
            <AttachmentView attachment={attachment} />
          </li>
        ) : (
          <li
            key={k}
            className="jp-MlflowTrace-blocked jp-MlflowTrace-chatImage"
            data-kind="Image"
          >
            <span className="jp-MlflowTrace-blockedText">
              {imageText(trans, image)}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function Reasoning(props: { parts: string[]; role: string }): JSX.Element {
  const trans = useTrans();
  return (
    <details className="jp-MlflowTrace-reasoning">
      <summary>{trans.__('Reasoning')}</summary>
      {props.parts.map((text, k) => (
        <TextBlock
          key={k}
          text={text}
          label={trans.__('%1 reasoning', props.role)}
        />
      ))}
    </details>
  );
}

function Message(props: { message: IChatMessage }): JSX.Element {
  const m = props.message;
  const trans = useTrans();
  const role = m.role || trans.__('unknown');
  return (
    <li className={`jp-MlflowTrace-message ${roleClass(role)}`}>
      <div className="jp-MlflowTrace-messageHead">
        <span className="jp-MlflowTrace-role">{role}</span>
        {m.name && <span className="jp-MlflowTrace-messageName">{m.name}</span>}
        {m.toolCallId && (
          <span className="jp-MlflowTrace-note">
            {withElements(
              trans.__('result of call %1', '%1'),
              <code>{m.toolCallId}</code>
            )}
          </span>
        )}
      </div>
      {m.reasoning && m.reasoning.length > 0 && (
        <Reasoning parts={m.reasoning} role={role} />
      )}
      {m.content.length > 0 && (
        <TextBlock
          text={m.content}
          label={trans.__('%1 message', role)}
          defaultMarkdown
        />
      )}
      {m.images && m.images.length > 0 && (
        <ImagePlaceholders images={m.images} />
      )}
      {m.toolCalls && m.toolCalls.length > 0 && (
        <ul
          className="jp-MlflowTrace-toolCalls"
          aria-label={trans.__('Tool calls')}
        >
          {m.toolCalls.map((c, k) => (
            <li key={k} className="jp-MlflowTrace-toolCall">
              <div className="jp-MlflowTrace-toolCallHead">
                <span className="jp-MlflowTrace-note">{trans.__('calls')}</span>
                <code className="jp-MlflowTrace-toolName">{c.name}</code>
                {c.id && <span className="jp-MlflowTrace-note">{c.id}</span>}
              </div>
              <JsonTree
                value={c.arguments}
                expandDepth={2}
                label={trans.__('Arguments')}
              />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function ChatView(props: { chat: IChat }): JSX.Element {
  const { messages, tools } = props.chat;
  const trans = useTrans();
  return (
    <div className="jp-MlflowTrace-chat">
      {messages.length === 0 ? (
        <div className="jp-MlflowTrace-empty">{trans.__('No messages.')}</div>
      ) : (
        <Paged
          className="jp-MlflowTrace-messages"
          label={trans.__('Messages')}
          ordered
          items={messages}
          shownText={(shown, total) =>
            trans._n(
              'Showing %2 of %3 message',
              'Showing %2 of %3 messages',
              total,
              formatCount(shown),
              formatCount(total)
            )
          }
          render={(m, k) => <Message key={k} message={m} />}
        />
      )}
      {tools.length > 0 && (
        <details className="jp-MlflowTrace-tools">
          <summary>
            {trans.__('Tool definitions (%1)', formatCount(tools.length))}
          </summary>
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
                    label={trans.__('Parameters')}
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
