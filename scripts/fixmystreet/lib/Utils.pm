package Utils;
# FixMyStreet's Utils::truncate_coordinate, which perllib/Open311.pm calls.
sub truncate_coordinate { return sprintf('%0.6f', $_[0]) }
1;
