using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Strata.Generator.Model
{
    /// <summary>A diagnostic kept as equatable values until it is reported.</summary>
    internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, SourceLocation? Location, EquatableArray<string> MessageArgs)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SourceLocation? location, params object[] messageArgs) =>
            new(descriptor, location, messageArgs.Select(arg => string.Format(CultureInfo.InvariantCulture, "{0}", arg)).ToEquatableArray());

        public Diagnostic ToDiagnostic() =>
            Diagnostic.Create(Descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, MessageArgs.Cast<object>().ToArray());
    }
}
