#!/usr/bin/env bash
# Proves the library path an adopter takes: install every artifact and the BOM into a private local
# repository, copy examples/ outside the checkout, build and test the copy there against the installed
# artifacts only, then run TrainAndRecommend and LoadAndServe from it. Never touches ~/.m2 (other builds
# resolve from it); the private repository is seeded from it so nothing is downloaded. Usage:
#   bench/scripts/outside-project.sh [WORK_DIR]      (default /tmp/mmrec4j-outside)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-/tmp/mmrec4j-outside}
repo="$work/m2"
rm -rf "$work" && mkdir -p "$work"
cp -r "$HOME/.m2/repository" "$repo"
rm -rf "$repo/org/mmrec4j"   # only what this checkout installs may satisfy the copy's dependencies
mvn -q -o install -DskipTests -Dmaven.repo.local="$repo"
cp -r examples "$work/project" && rm -rf "$work/project/target"
cd "$work/project"
mvn -q -o verify -Dmaven.repo.local="$repo"
grep -h '<testsuite ' target/surefire-reports/TEST-*.xml | sed -E 's/.* name="([^"]+)".* tests="([0-9]+)".* skipped="([0-9]+)".*/\1: \2 tests, \3 skipped/'
mvn -q -o dependency:build-classpath -Dmaven.repo.local="$repo" -Dmdep.outputFile=classpath.txt
cp="target/classes:$(cat classpath.txt)"
java --add-modules jdk.incubator.vector -cp "$cp" org.mmrec4j.examples.TrainAndRecommend "$work/data" "$work/run" 2>/dev/null
java --add-modules jdk.incubator.vector -cp "$cp" org.mmrec4j.examples.LoadAndServe "$work/run" 2>/dev/null
