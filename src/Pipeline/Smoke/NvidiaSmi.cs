using CudaImages.Model;

namespace CudaImages.Smoke;

/// <summary>One GPU as nvidia-smi reports it; null where nvidia-smi says [N/A].</summary>
public sealed record Gpu(string Name, DriverVersion Driver, string? ComputeCapability, long? MemoryMiB);

/// <summary>Reads what the host's nvidia-smi prints; parsing only, running it is the engine's job.</summary>
public static class NvidiaSmi
{
    /// <summary>The arguments whose output <see cref="ParseGpus"/> reads.</summary>
    public const string QueryArguments = "--query-gpu=name,driver_version,compute_cap,memory.total --format=csv,noheader";

    const string NotAvailable = "[N/A]";

    /// <summary>Parses one line per GPU, e.g. <c>NVIDIA H200, 580.159.03, 9.0, 143771 MiB</c>; no lines means no GPU.</summary>
    public static IReadOnlyList<Gpu> ParseGpus(string csv) =>
        csv.Split('\n')
            .Select((line, index) => (Line: line.TrimEnd('\r').Trim(), Number: index + 1))
            .Where(l => l.Line.Length > 0)
            .Select(l => ParseLine(l.Line, l.Number))
            .ToList();

    static Gpu ParseLine(string line, int number)
    {
        var fields = line.Split(',').Select(f => f.Trim()).ToArray();
        if (fields.Length != 4)
            throw Bad(line, number, $"expected 4 comma-separated fields (name, driver_version, compute_cap, memory.total), found {fields.Length}");
        var (name, driverText, computeCap, memory) = (fields[0], fields[1], fields[2], fields[3]);
        if (name.Length == 0)
            throw Bad(line, number, "the GPU name is empty");
        if (!DriverVersion.TryParse(driverText, out var driver))
            throw Bad(line, number, $"'{driverText}' is not a driver version such as 580.159.03");
        return new Gpu(name, driver, computeCap == NotAvailable ? null : computeCap, ParseMemory(memory, line, number));
    }

    static long? ParseMemory(string memory, string line, int number)
    {
        if (memory == NotAvailable) return null;
        var parts = memory.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && parts[1] == "MiB" && long.TryParse(parts[0], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var mib))
            return mib;
        throw Bad(line, number, $"'{memory}' is not a memory size such as 143771 MiB");
    }

    static FormatException Bad(string line, int number, string why) =>
        new($"nvidia-smi line {number} '{line}': {why}; expected the output of nvidia-smi {QueryArguments}");
}
