# An empty stand-in: perllib/Open311.pm loads it, but the calls run.sh makes never use it.
package FixMyStreet::App::Model::PhotoSet; 1;
