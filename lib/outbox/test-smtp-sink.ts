import net from "node:net";

// For tests: a tiny SMTP server on 127.0.0.1 that keeps what it receives, so
// sending is tested through nodemailer's real SMTP transport and a real socket.
// (No SMTP server package is installed; the protocol subset nodemailer speaks
// to a server without STARTTLS, AUTH or PIPELINING is small.) Recipients in
// `reject` are refused with 550, as a mail server refuses an unknown mailbox.

export type ReceivedMail = { from: string; to: string[]; data: string };

/** The body of a received message as text, quoted-printable decoded (what nodemailer uses for non-ASCII text). */
export function bodyText(mail: ReceivedMail): string {
  const split = mail.data.indexOf("\r\n\r\n");
  const head = mail.data.slice(0, split);
  const body = mail.data.slice(split + 4);
  if (!/^Content-Transfer-Encoding: quoted-printable$/im.test(head)) return body;
  const bytes = body
    .replace(/=\r\n/g, "")
    .split(/(=[0-9A-F]{2})/)
    .flatMap((part) => (/^=[0-9A-F]{2}$/.test(part) ? [parseInt(part.slice(1), 16)] : [...Buffer.from(part, "utf8")]));
  return Buffer.from(bytes).toString("utf8");
}

export type SmtpSink = {
  url: string;
  received: ReceivedMail[];
  reject: Set<string>;
  close: () => Promise<void>;
};

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const reject = new Set<string>();
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = "";
    let mail: ReceivedMail = { from: "", to: [], data: "" };
    let inData = false;
    let dataLines: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 sink.test ESMTP ready");

    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let end: number;
      while ((end = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            received.push({ ...mail, data: dataLines.join("\r\n") });
            mail = { from: "", to: [], data: "" };
            dataLines = [];
            reply("250 2.0.0 queued");
          } else {
            dataLines.push(line.startsWith("..") ? line.slice(1) : line);
          }
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        const address = /<([^>]*)>/.exec(line)?.[1] ?? "";
        if (command === "EHLO") reply("250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8");
        else if (command === "HELO") reply("250 sink.test");
        else if (command === "MAIL") {
          mail = { from: address, to: [], data: "" };
          reply("250 2.1.0 ok");
        } else if (command === "RCPT") {
          if (reject.has(address.toLowerCase())) reply("550 5.1.1 mailbox unavailable");
          else {
            mail.to.push(address);
            reply("250 2.1.5 ok");
          }
        } else if (command === "DATA") {
          inData = true;
          reply("354 end with <CRLF>.<CRLF>");
        } else if (command === "RSET") {
          mail = { from: "", to: [], data: "" };
          reply("250 2.0.0 ok");
        } else if (command === "NOOP") reply("250 2.0.0 ok");
        else if (command === "QUIT") {
          reply("221 2.0.0 bye");
          socket.end();
        } else reply("502 5.5.2 command not implemented");
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    reject,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
