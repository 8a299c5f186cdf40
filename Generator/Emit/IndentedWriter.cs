using System;
using System.Text;

namespace Strata.Generator.Emit
{
    /// <summary>Writes C# source line by line with four-space indentation and braces that close themselves.</summary>
    internal sealed class IndentedWriter
    {
        private readonly StringBuilder _text = new();
        private int _depth;
        private bool _afterBlock;

        /// <summary>Writes one line; a statement right after a closed block gets a blank line before it, for readability (not the else or finally that continues it).</summary>
        public IndentedWriter Line(string line = "")
        {
            if (_afterBlock && line.Length > 0 && !line.StartsWith("}", StringComparison.Ordinal) && !line.StartsWith("else", StringComparison.Ordinal)
                && !line.StartsWith("finally", StringComparison.Ordinal))
            {
                _text.Append('\n');
            }

            _afterBlock = false;
            if (line.Length > 0)
            {
                _text.Append(' ', _depth * 4).Append(line);
            }

            _text.Append('\n');
            return this;
        }

        /// <summary>Writes <paramref name="header"/> and an opening brace; disposing the result closes it.</summary>
        public IDisposable Block(string header, string closing = "}")
        {
            Line(header);
            Line("{");
            _depth++;
            return new Closer(this, closing);
        }

        /// <summary>Indents without braces, e.g. for a wrapped argument list.</summary>
        public IDisposable Indent()
        {
            _depth++;
            return new Closer(this, null);
        }

        public override string ToString() => _text.ToString();

        private sealed class Closer : IDisposable
        {
            private readonly IndentedWriter _writer;
            private readonly string? _closing;

            public Closer(IndentedWriter writer, string? closing)
            {
                _writer = writer;
                _closing = closing;
            }

            public void Dispose()
            {
                _writer._depth--;
                if (_closing is not null)
                {
                    _writer.Line(_closing);
                    _writer._afterBlock = true;
                }
            }
        }
    }
}
