package io.raftkv.bench;

import io.raftkv.cli.bench.TargetKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --target NAME} of this jar's {@code load} and {@code failover}: one of {@link BenchMain#TARGETS}. */
final class TargetKindConverter implements ITypeConverter<TargetKind> {

  @Override
  public TargetKind convert(String value) {
    try {
      return BenchMain.TARGETS.get(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
