"""Read back what a shown script printed as `name = value` lines (a printed tensor may span lines)."""


def printed_values(out: str) -> dict[str, str]:
    """{'x.shape': 'torch.Size([2, 3])', 'out': 'tensor([[0., 3.],\\n        [1., 4.]])', …}"""
    values, current = {}, None
    for line in out.splitlines():
        if " = " in line and not line.startswith(" "):
            current, value = line.split(" = ", 1)
            values[current] = value
        elif current and line.startswith(" "):
            values[current] += "\n" + line  # the next row of a printed tensor (torch indents it)
        else:
            current = None
    return values
