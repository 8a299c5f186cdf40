using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using Strata.Generator.Model;

namespace Strata.Generator.Emit
{
    /// <summary>How values are written into generated source: invariant numbers, escaped strings and identifiers.</summary>
    internal static class Literals
    {
        public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>A float literal that round-trips, e.g. <c>0.5f</c>.</summary>
        public static string Float(float value) => value.ToString("R", CultureInfo.InvariantCulture) + "f";

        /// <summary>A named int argument, e.g. <c>InChannels: 6</c>, so that calls read without counting positions.</summary>
        public static string Named(string name, int value) => name + ": " + Int(value);

        public static string Long(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

        /// <summary>The dimensions as call arguments: <c>6, 28, 28</c>.</summary>
        public static string Dimensions(Shape shape) => string.Join(", ", shape.Dimensions.Select(Int));

        /// <summary>An identifier, escaped with <c>@</c> when it is a keyword.</summary>
        public static string Identifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        /// <summary>A quoted, escaped C# string literal.</summary>
        public static string String(string value)
        {
            var text = new StringBuilder("\"");
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    default: text.Append(c); break;
                }
            }

            return text.Append('"').ToString();
        }

        /// <summary>Text safe inside an XML doc comment.</summary>
        public static string Xml(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
