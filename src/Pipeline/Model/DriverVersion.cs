using Semver;

namespace CudaImages.Model;

/// <summary>A Linux driver version such as 535.154.05: parsed leniently (two parts, leading zeros), shown as written.</summary>
public sealed record DriverVersion(string Text, SemVersion Version) : IComparable<DriverVersion>
{
    public int Branch => (int)Version.Major;

    public static bool TryParse(string text, out DriverVersion version)
    {
        version = null!;
        if (!System.Text.RegularExpressions.Regex.IsMatch(text, @"\A[0-9]{1,9}(\.[0-9]{1,9}){0,2}\z")) return false;
        if (!SemVersion.TryParse(text, SemVersionStyles.Any, out var parsed)) return false;
        version = new DriverVersion(text, parsed);
        return true;
    }

    public static DriverVersion Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a driver version such as 535.154.05");

    public int CompareTo(DriverVersion? other) =>
        other is null ? 1 : Version.ComparePrecedenceTo(other.Version);

    public static bool operator <(DriverVersion a, DriverVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(DriverVersion a, DriverVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(DriverVersion a, DriverVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(DriverVersion a, DriverVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => Text;
}
