using System.Reflection;

namespace CudaImages.BuildEngine;

/// <summary>Checks every Requires() of the targets that will run, before any of them runs.</summary>
static class Requirements
{
    public static IReadOnlyList<string> Unmet(IEnumerable<ExecutableTarget> schedule, IReadOnlyList<Parameter> parameters) =>
        schedule.Where(target => target.Status == TargetStatus.Scheduled)
            .SelectMany(target => target.Definition.Requirements
                .Where(requirement => !requirement.IsMet())
                .Select(requirement => Describe(target, requirement, parameters)))
            .ToList();

    static string Describe(ExecutableTarget target, Requirement requirement, IReadOnlyList<Parameter> parameters)
    {
        if (requirement.Member is null)
            return $"Target {target.Name} requires {requirement.Text}.";
        var parameter = parameters.FirstOrDefault(p => p.Member is { } member && SameMember(member, requirement.Member));
        return parameter is null
            ? $"Target {target.Name} requires {requirement.Text} to be set."
            : $"Target {target.Name} requires {parameter.DashedName} (or env {parameter.EnvironmentName}).";
    }

    static bool SameMember(MemberInfo a, MemberInfo b) => a.HasSameMetadataDefinitionAs(b);
}
